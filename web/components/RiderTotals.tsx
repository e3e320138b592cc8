/** The rider's totals over every ride, "12 rides · $84.50 spent · riding since Nov 2026", counted moments after a ride. */
import { Fares } from "@wildrydes/core/rules/fares";
import { useCallback, useEffect, useState } from "react";
import { myTotals, type RiderTotals } from "../lib/api-client";

type Read = { state: "loading" } | { state: "failed" } | { state: "read"; totals: RiderTotals };

const month = (iso: string) => new Date(iso).toLocaleDateString([], { month: "short", year: "numeric" });

export function RiderTotalsSummary() {
  const [read, setRead] = useState<Read>({ state: "loading" });

  const load = useCallback(async () => {
    setRead({ state: "loading" });
    try {
      setRead({ state: "read", totals: await myTotals() });
    } catch {
      setRead({ state: "failed" });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="totals" aria-labelledby="totals-title" aria-busy={read.state === "loading" || undefined}>
      <h2 id="totals-title" className="visually-hidden">
        Your riding so far
      </h2>
      {read.state === "loading" ? <p className="totals__note">Adding up your rides…</p> : null}
      {read.state === "failed" ? (
        <p className="totals__note">
          Your totals couldn't be loaded.{" "}
          <button type="button" className="button button--small" onClick={() => void load()}>
            Load my totals again
          </button>
        </p>
      ) : null}
      {read.state === "read" ? <Totals totals={read.totals} /> : null}
    </section>
  );
}

function Totals({ totals: { rides, spent, since } }: { totals: RiderTotals }) {
  if (rides === 0 && spent.amount === 0) {
    return <p className="totals__note">No completed rides yet: your totals start with your first trip.</p>;
  }
  return (
    <p className="totals__line">
      <span className="totals__figure">{rides}</span> {rides === 1 ? "ride" : "rides"}
      <Separator />
      <span className="totals__figure">{Fares.format(spent)}</span> spent
      {since ? (
        <>
          <Separator />
          riding since <time dateTime={since}>{month(since)}</time>
        </>
      ) : null}
    </p>
  );
}

/** A dot for the eye, a comma (a pause) for screen readers. */
function Separator() {
  return (
    <>
      <span aria-hidden="true"> · </span>
      <span className="visually-hidden">, </span>
    </>
  );
}

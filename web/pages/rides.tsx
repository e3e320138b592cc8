import { RideClock } from "@wildrydes/core/rules/ride-clock";
import { useRouter } from "next/router";
import { useCallback, useEffect, useRef, useState } from "react";
import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";
import { ProblemAlert } from "../components/ProblemAlert";
import { RideHistoryCard } from "../components/RideHistoryCard";
import { RideHistoryReceipt } from "../components/RideHistoryReceipt";
import { RiderOnly } from "../components/RiderOnly";
import { RiderTotalsSummary } from "../components/RiderTotals";
import { type ApiProblem, asProblem, getRide, listRides, type Ride } from "../lib/api-client";
import { queryValue } from "../lib/navigation";

/** Rides per page: a screenful on a phone. */
const pageSize = 10;

export default function RidesPage() {
  const router = useRouter();
  const rideId = router.isReady ? queryValue(router.query.id) : undefined;
  return <RiderOnly title="My rides">{() => (rideId ? <RideDetail rideId={rideId} /> : <RideHistory />)}</RiderOnly>;
}

function RideHistory() {
  const [rides, setRides] = useState<Ride[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const firstNew = useRef<HTMLAnchorElement>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const loadingRef = useRef(false);

  const load = useCallback(async (after: string | null, shown = 0) => {
    if (loadingRef.current) return;
    loadingRef.current = true;
    setLoading(true);
    setProblem(null);
    try {
      const page = await listRides(pageSize, after);
      setRides((previous) => (after ? [...(previous ?? []), ...page.rides] : page.rides));
      // Move focus to the first new ride, so "Load more" does not leave keyboard riders at the end.
      if (after) setFocusIndex(shown);
      setCursor(page.nextCursor);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      loadingRef.current = false;
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  useEffect(() => {
    if (focusIndex !== null) firstNew.current?.focus();
  }, [focusIndex]);

  return (
    <section aria-labelledby="rides-title">
      <PageTitle>My rides</PageTitle>
      <h1 id="rides-title">My rides</h1>
      <RiderTotalsSummary />
      <ProblemAlert
        problem={problem}
        onRetry={() => void load(rides ? cursor : null, rides?.length)}
        retrying={loading}
      />
      <p role="status" className="lead">
        {rides === null
          ? loading
            ? "Loading your rides…"
            : ""
          : rides.length === 0
            ? ""
            : `Showing ${rides.length} ${rides.length === 1 ? "ride" : "rides"}, newest first.`}
      </p>
      {rides?.length === 0 ? (
        <div className="panel empty">
          <h2>No rides yet</h2>
          <p>When you ride with Wild Rydes, your trips show up here.</p>
          <PageLink href="/ride/" className="button button--primary">
            Request your first ride
          </PageLink>
        </div>
      ) : null}
      {rides && rides.length > 0 ? (
        <ol className="ride-list">
          {rides.map((ride, index) => (
            <RideHistoryCard key={ride.rideId} ride={ride} linkRef={index === focusIndex ? firstNew : undefined} />
          ))}
        </ol>
      ) : null}
      {cursor ? (
        <button
          type="button"
          className="button"
          onClick={() => void load(cursor, rides?.length)}
          disabled={loading}
          aria-busy={loading || undefined}
        >
          {loading ? <span className="spinner" aria-hidden="true" /> : null}
          Load more rides
        </button>
      ) : null}
    </section>
  );
}

function RideDetail({ rideId }: { rideId: string }) {
  const [ride, setRide] = useState<Ride | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setRide(await getRide(rideId));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setLoading(false);
    }
  }, [rideId]);

  useEffect(() => {
    void load();
  }, [load]);

  // A ride no unicorn accepted has no one to name: the receipt says why.
  const title = ride?.unicorn ? `Ride with ${ride.unicorn.name}` : "Ride details";
  return (
    <section className="panel panel--narrow" aria-labelledby="ride-detail-title">
      <PageTitle>{title}</PageTitle>
      <p>
        <PageLink href="/rides/">
          <span aria-hidden="true">← </span>All my rides
        </PageLink>
      </p>
      <h1 id="ride-detail-title">{title}</h1>
      {loading ? <p role="status">Loading the ride…</p> : null}
      <ProblemAlert problem={problem} onRetry={() => void load()} retrying={loading} />
      {ride && RideClock.isActive(ride.status) ? (
        <p>
          <PageLink href="/ride/" className="button button--primary">
            Follow this ride on the map
          </PageLink>
        </p>
      ) : null}
      {ride ? <RideHistoryReceipt ride={ride} /> : null}
    </section>
  );
}

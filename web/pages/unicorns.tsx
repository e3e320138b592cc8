import { useCallback, useEffect, useState } from "react";
import { PageTitle } from "../components/PageTitle";
import { ProblemAlert } from "../components/ProblemAlert";
import { RiderOnly } from "../components/RiderOnly";
import { UnicornStatRows } from "../components/UnicornStats";
import { type ApiProblem, asProblem, type FleetMember, listUnicorns } from "../lib/api-client";

export default function UnicornsPage() {
  return <RiderOnly title="The fleet">{() => <Fleet />}</RiderOnly>;
}

function Fleet() {
  const [fleet, setFleet] = useState<FleetMember[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setFleet(await listUnicorns());
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const free = fleet?.filter((u) => u.available).length ?? 0;
  return (
    <section aria-labelledby="fleet-title">
      <PageTitle>The fleet</PageTitle>
      <h1 id="fleet-title">The fleet</h1>
      <p className="lead">
        Every unicorn in Wild Rydes, how riders rate them and who is free to pick you up right now.
      </p>
      <div className="fleet-bar">
        <p role="status" className="fleet-bar__count">
          {fleet ? `${free} of ${fleet.length} unicorns are free.` : loading ? "Loading the fleet…" : ""}
        </p>
        <button type="button" className="button button--small" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>
      <ProblemAlert problem={problem} onRetry={() => void load()} retrying={loading} />
      {fleet ? (
        <ul className="fleet">
          {fleet.map((unicorn) => (
            <li key={unicorn.name} className="fleet__card">
              <h2 className="fleet__name">{unicorn.name}</h2>
              <p className="fleet__meta">
                {unicorn.color} · {unicorn.gender === "Female" ? "Mare" : "Stallion"}
              </p>
              <span className={unicorn.available ? "badge badge--free" : "badge badge--busy"}>
                {unicorn.available ? "Free" : "On a ride"}
              </span>
              <dl className="fleet__stats">
                <UnicornStatRows stats={unicorn} />
              </dl>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** An active job's details: the countdown, the trip on the ride map, and its status, fare, pickup and destination. */
import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import type { Ride } from "../lib/api-client";
import { inNextTask } from "../lib/idle";
import type { RideMapProps } from "../lib/map/types";
import { tripFacts } from "../lib/receipt";
import { formatCountdown, formatMoney, hasUnicorn, secondsUntil, unicornPosition } from "../lib/ride-progress";
import { jobCountdown, jobStatusLabels } from "../lib/unicorn-jobs";
import { PlaceFact } from "./PlaceFact";

// As on the ride page: the map library loads after the details have drawn. The placeholder is the ride page's
// (components/RideFrame.tsx) written again: importing it would share that module, which then could not be inlined.
const RideMap = dynamic<RideMapProps>(() => import("./RideMap").then(inNextTask), {
  ssr: false,
  loading: () => <div className="map map--loading">Loading map…</div>,
});

const ignore = () => {};

/** `job` as last read, `view` as the clock has it now. */
export default function JobDetails({ job, view, now }: { job: Ride; view: Ride; now: number }) {
  const countdown = jobCountdown(view);
  // A job is always the unicorn's own, but a ride read before it accepted has no unicorn to draw.
  const unicorn = hasUnicorn(job)
    ? { name: job.unicorn.name, color: job.unicorn.color, at: unicornPosition(job, now) }
    : null;
  return (
    <>
      {countdown ? (
        <p className="countdown">
          {countdown.label}{" "}
          <span role="timer" aria-live="off" className="countdown__time">
            {formatCountdown(secondsUntil(countdown.until, now))}
          </span>
        </p>
      ) : null}
      <div className="job__map">
        <RideMap
          pickup={job.pickup}
          dropoff={job.dropoff}
          unicorn={unicorn}
          choosing={null}
          onPlace={ignore}
          onCentreChange={ignore}
        />
      </div>
      <dl className="facts">
        <Fact term="Status">
          <span className={`badge badge--${view.status.toLowerCase()}`}>{jobStatusLabels[view.status]}</span>
        </Fact>
        <Fact term="Fare">{formatMoney(view.fare)}</Fact>
        {tripFacts(view).map(([term, value]) => (
          <Fact key={term} term={term}>
            {value}
          </Fact>
        ))}
        <PlaceFact term="Pickup" at={view.pickup} />
        <PlaceFact term="Destination" at={view.dropoff} />
      </dl>
    </>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

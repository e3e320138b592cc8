/** Where the rider's ride stands: announced politely on each change, with a silent live countdown beside it. */
import type { ReactNode, Ref } from "react";
import type { Ride } from "../lib/api";
import { formatCountdown, formatEta, secondsLeft, statusAt, statusLabels } from "../lib/ride-progress";

export type RidePhase =
  | { kind: "loading" }
  | { kind: "choosing"; hasPickup: boolean }
  | { kind: "requesting" }
  | { kind: "riding"; ride: Ride };

/** One sentence per state, not per second, so screen readers are told about changes without chatter. */
export function announcement(phase: RidePhase, now: number): string {
  if (phase.kind === "loading") return "Checking for a ride in progress…";
  if (phase.kind === "requesting") return "Finding the nearest unicorn…";
  if (phase.kind === "choosing") {
    return phase.hasPickup ? "Pickup set. Request a unicorn when you're ready." : "Set a pickup to request a unicorn.";
  }
  const { ride } = phase;
  const { name, color } = ride.unicorn;
  switch (statusAt(ride, now)) {
    case "EN_ROUTE":
      return `${name}, the ${color.toLowerCase()} unicorn, is on the way — arrives in ${formatEta(ride.etaSeconds)}.`;
    case "ARRIVED":
      return `${name} has arrived at your pickup. Hop on!`;
    case "COMPLETED":
      return ride.rating
        ? `Ride complete. You gave ${name} ${ride.rating} ${ride.rating === 1 ? "star" : "stars"}.`
        : `Ride complete. Thanks for riding with ${name}.`;
    case "CANCELLED":
      return `Ride cancelled. ${name} is free again.`;
  }
}

export function RideStatusPanel({
  phase,
  now,
  headingRef,
  children,
}: {
  phase: RidePhase;
  now: number;
  /** Focus lands here after a request or a finished ride, so keyboard riders continue from the news. */
  headingRef?: Ref<HTMLHeadingElement>;
  children?: ReactNode;
}) {
  const ride = phase.kind === "riding" ? phase.ride : null;
  const status = ride ? statusAt(ride, now) : null;
  return (
    <section className={`status status--${status?.toLowerCase() ?? phase.kind}`} aria-labelledby="status-title">
      <h2 id="status-title" className="status__title" tabIndex={-1} ref={headingRef}>
        Ride status
      </h2>
      <p className="status__message" role="status">
        {announcement(phase, now)}
      </p>
      {ride && status ? (
        <>
          <dl className="facts">
            <div>
              <dt>Unicorn</dt>
              <dd>{ride.unicorn.name}</dd>
            </div>
            <div>
              <dt>Colour</dt>
              <dd>{ride.unicorn.color}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <span className={`badge badge--${status.toLowerCase()}`}>{statusLabels[status]}</span>
              </dd>
            </div>
          </dl>
          {status === "EN_ROUTE" ? (
            <p className="countdown">
              Arrives in{" "}
              <span role="timer" aria-live="off" className="countdown__time">
                {formatCountdown(secondsLeft(ride, now))}
              </span>
            </p>
          ) : null}
        </>
      ) : null}
      {children}
    </section>
  );
}

/** Where the rider's request stands, announced politely to screen readers as it changes. */
import type { Ride } from "../lib/api";

export type RideRequest = { phase: "idle" } | { phase: "requesting" } | { phase: "dispatched"; ride: Ride };

/** "45 s" under a minute and a half, then whole minutes: riders think in minutes. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

export function rideSummary(ride: Ride): string {
  return `${ride.unicorn.name} (${ride.unicorn.color}) is on the way — arrives in about ${formatEta(ride.etaSeconds)}.`;
}

export function RideStatusPanel({ request, hasPickup }: { request: RideRequest; hasPickup: boolean }) {
  let message: string;
  if (request.phase === "requesting") message = "Finding the nearest unicorn…";
  else if (request.phase === "dispatched") message = rideSummary(request.ride);
  else message = hasPickup ? "Pickup set. Request a unicorn when you're ready." : "Set a pickup to request a unicorn.";

  return (
    <section className={`status status--${request.phase}`} aria-labelledby="status-title">
      <h2 id="status-title" className="status__title">
        Ride status
      </h2>
      <p className="status__message" aria-live="polite">
        {message}
      </p>
      {request.phase === "dispatched" ? (
        <p className="status__detail">
          Ride <code>{request.ride.rideId}</code>, requested at{" "}
          {new Date(request.ride.requestedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.
        </p>
      ) : null}
    </section>
  );
}

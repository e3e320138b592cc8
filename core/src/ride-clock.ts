/**
 * The ride clock: where a ride stands at a given moment, derived from its stored times. Browser-safe (no SDK), so
 * handlers and the web app derive the same state from the same clock.
 */
import type { Location } from "./geo";

interface Timed {
  status: string;
  requestedAt: string;
  arrivesAt: string;
}

export namespace RideClock {
  /** EN_ROUTE becomes ARRIVED when the clock passes arrivesAt: no background job, no extra write. */
  export function hasArrived(ride: Pick<Timed, "status" | "arrivesAt">, now: Date | number): boolean {
    return ride.status === "EN_ROUTE" && time(now) >= Date.parse(ride.arrivesAt);
  }

  /** Whole seconds until the unicorn reaches the pickup; 0 once it is there. */
  export function secondsToArrival(ride: Pick<Timed, "arrivesAt">, now: Date | number): number {
    return Math.max(0, Math.ceil((Date.parse(ride.arrivesAt) - time(now)) / 1000));
  }

  /** Where a unicorn on its way has got to: the straight line from its start to the pickup, by elapsed time. */
  export function positionOnTheWay(ride: Timed & { pickup: Location }, from: Location, now: Date | number): Location {
    const start = Date.parse(ride.requestedAt);
    const total = Date.parse(ride.arrivesAt) - start;
    const share = total <= 0 ? 1 : Math.min(1, Math.max(0, (time(now) - start) / total));
    return {
      latitude: from.latitude + (ride.pickup.latitude - from.latitude) * share,
      longitude: from.longitude + (ride.pickup.longitude - from.longitude) * share,
    };
  }
}

function time(now: Date | number): number {
  return typeof now === "number" ? now : now.getTime();
}

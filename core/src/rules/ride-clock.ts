/**
 * The ride clock: where a ride stands at a given moment, derived from its stored times. Browser-safe (no SDK), so
 * handlers, the sweep and the web app derive the same state from the same clock.
 */

import type { BookedRide, Ride } from "./api-shapes";
import { Fares, type Money, usd } from "./fares";
import type { Location } from "./geo";

/** A unicorn has taken the ride (past DISPATCHING): its unicorn, start and times are set. Zod-free, for the pages. */
export function hasUnicorn(ride: Ride): ride is BookedRide {
  return ride.unicorn !== null && ride.unicornFrom !== null && ride.arrivesAt !== null && ride.boardBy !== null;
}

export const rideStatuses = [
  "DISPATCHING",
  "EN_ROUTE",
  "ARRIVED",
  "IN_PROGRESS",
  "COMPLETED",
  "CANCELLED",
  "NO_SHOW",
] as const;
export type RideStatus = (typeof rideStatuses)[number];

/** What a ride has not got while DISPATCHING: no unicorn has accepted it yet (null, not absent, in the API). */
export const noUnicornYet = {
  unicorn: null,
  unicornFrom: null,
  arrivesAt: null,
  etaSeconds: null,
  boardBy: null,
} as const;

/** Offer statuses (v3): WITHDRAWN when the rider cancelled while it was open. */
export const offerStatuses = ["OPEN", "ACCEPTED", "DECLINED", "EXPIRED", "WITHDRAWN"] as const;

/** Why a ride was cancelled (v3): the rider, or no crewed unicorn accepted in time. */
export type CancelReason = "RIDER" | "NO_UNICORN_ACCEPTED";

/** The offer rules (docs/api.md, "Dispatch with offers"): one source for the chain, the handlers and the app. */
export namespace OfferRules {
  /** A crewed unicorn has this long to accept. */
  export const answerSeconds = 15;
  /** Offers per ride before it is given up. */
  export const maxOffers = 3;
  /** From the request: a ride still without a unicorn is cancelled. */
  export const dispatchSeconds = 60;

  export const dispatchBy = (requestedAt: string) =>
    new Date(Date.parse(requestedAt) + dispatchSeconds * 1000).toISOString();
}

/** The stored times and amounts the clock reads (a stored ride or the API's Ride). */
export interface TimedRide {
  status: RideStatus;
  pickup: Location;
  dropoff: Location;
  /** Null while DISPATCHING (no unicorn yet), as are arrivesAt and boardBy. */
  unicornFrom: Location | null;
  fare: Money;
  requestedAt: string;
  /** When a crewed unicorn accepted: it sets off from there (absent for bots, who set off at the request). */
  acceptedAt?: string;
  arrivesAt: string | null;
  /** The end of the boarding window: not boarded by then is a no-show. */
  boardBy: string | null;
  boardedAt?: string;
  dropoffAt?: string;
  /** The workshop's rides (POST /ride) end when the unicorn arrives. */
  endsOnArrival?: boolean;
}

/** A time-driven change the clock has made: the state, when it happened and what it cost. */
export interface Passage {
  status: "ARRIVED" | "COMPLETED" | "NO_SHOW" | "CANCELLED";
  at: string;
  charged?: Money;
  /** CANCELLED by the clock: no unicorn accepted within the dispatch limit. */
  cancelReason?: CancelReason;
}

const time = (now: Date | number) => (typeof now === "number" ? now : now.getTime());

export namespace RideClock {
  /** Seconds a rider has to board once the unicorn is there (BOARDING_WINDOW_SECONDS, 5 minutes by default). */
  export function boardingWindowSeconds(env: Record<string, string | undefined> = {}): number {
    const seconds = Number(env.BOARDING_WINDOW_SECONDS);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : 300;
  }

  /** The change time has made to a ride whose stored state is still active, or null when nothing is due yet. */
  export function passage(ride: TimedRide, now: Date | number): Passage | null {
    const t = time(now);
    if (ride.status === "DISPATCHING") {
      const by = OfferRules.dispatchBy(ride.requestedAt);
      return t >= Date.parse(by)
        ? { status: "CANCELLED", at: by, charged: usd(0), cancelReason: "NO_UNICORN_ACCEPTED" }
        : null;
    }
    if (ride.status === "EN_ROUTE" && ride.arrivesAt && ride.boardBy) {
      if (ride.endsOnArrival && t >= Date.parse(ride.arrivesAt)) {
        return { status: "COMPLETED", at: ride.arrivesAt, charged: usd(0) };
      }
      if (t >= Date.parse(ride.boardBy))
        return { status: "NO_SHOW", at: ride.boardBy, charged: usd(Fares.noShowFeeCents) };
      if (t >= Date.parse(ride.arrivesAt)) return { status: "ARRIVED", at: ride.arrivesAt };
    }
    if (ride.status === "IN_PROGRESS" && ride.dropoffAt && t >= Date.parse(ride.dropoffAt)) {
      return { status: "COMPLETED", at: ride.dropoffAt, charged: ride.fare };
    }
    return null;
  }

  /**
   * The ride as every read shows it at `now`: time-driven states applied at once, before any sweep. The one rule the
   * handlers (a stored ride) and the web app (a ride the API answered, which may already say ARRIVED) both call.
   */
  export function rideAt<R extends Omit<TimedRide, "status"> & { status: RideStatus }>(ride: R, now: Date | number) {
    type Shown = Omit<R, "status"> & {
      status: RideStatus;
      completedAt?: string;
      noShowAt?: string;
      cancelledAt?: string;
      cancelReason?: CancelReason;
      charged?: Money;
    };
    const stored = ride.status === "ARRIVED" ? { ...ride, status: "EN_ROUTE" as const } : ride;
    const change = passage(stored, now);
    if (!change) return ride as Shown;
    if (change.status === "ARRIVED") return { ...ride, status: "ARRIVED" } as Shown;
    const stamp = {
      COMPLETED: { completedAt: change.at },
      NO_SHOW: { noShowAt: change.at },
      CANCELLED: { cancelledAt: change.at, cancelReason: change.cancelReason },
    }[change.status];
    return { ...ride, status: change.status, ...stamp, charged: change.charged } as Shown;
  }

  export function statusAt(ride: TimedRide, now: Date | number): RideStatus {
    return passage(ride, now)?.status ?? ride.status;
  }

  /**
   * When the sweep first looks at a taken ride (its key in the due index, set once, never moved by boarding): the
   * earliest moment anything can fall due, its arrival for the workshop's, else the no-show deadline or the earliest
   * dropoff a boarding at arrival would give, whichever comes first.
   */
  export function firstDue(ride: { arrivesAt: string; boardBy: string; tripSeconds: number; endsOnArrival?: boolean }) {
    if (ride.endsOnArrival) return ride.arrivesAt;
    const earliestDropoff = new Date(Date.parse(ride.arrivesAt) + ride.tripSeconds * 1000).toISOString();
    return earliestDropoff < ride.boardBy ? earliestDropoff : ride.boardBy;
  }

  /** A DISPATCHING ride counts too: the rider waits for it, and may cancel it. */
  export function isActive(status: RideStatus): boolean {
    return status === "DISPATCHING" || status === "EN_ROUTE" || status === "ARRIVED" || status === "IN_PROGRESS";
  }

  /** Whole seconds until `iso`; 0 once it has passed. */
  export function secondsUntil(iso: string, now: Date | number): number {
    return Math.max(0, Math.ceil((Date.parse(iso) - time(now)) / 1000));
  }

  /** Where the unicorn is: on its way to the pickup, waiting there, flying the rider, or where the ride ended. */
  export function unicornPosition(ride: TimedRide, now: Date | number): Location {
    const t = time(now);
    if (ride.status === "IN_PROGRESS" || ride.status === "COMPLETED") {
      if (!ride.boardedAt || !ride.dropoffAt) return ride.dropoff;
      return along(ride.pickup, ride.dropoff, share(ride.boardedAt, ride.dropoffAt, t));
    }
    // No unicorn yet (DISPATCHING): nothing moves.
    if (!ride.unicornFrom || !ride.arrivesAt) return ride.pickup;
    return along(ride.unicornFrom, ride.pickup, share(ride.acceptedAt ?? ride.requestedAt, ride.arrivesAt, t));
  }
}

/** The elapsed share of the span from `start` to `end` at `t`, between 0 and 1. */
function share(start: string, end: string, t: number): number {
  const from = Date.parse(start);
  const total = Date.parse(end) - from;
  return total <= 0 ? 1 : Math.min(1, Math.max(0, (t - from) / total));
}

/** A point on the straight line from `a` to `b`: unicorns fly. */
export function along(a: Location, b: Location, fraction: number): Location {
  return {
    latitude: a.latitude + (b.latitude - a.latitude) * fraction,
    longitude: a.longitude + (b.longitude - a.longitude) * fraction,
  };
}

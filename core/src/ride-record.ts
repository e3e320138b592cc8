/** The ride as riders see it, as it is stored, and the opaque history cursor. */
import { RideError } from "./errors";
import type { Unicorn } from "./fleet";
import type { Location } from "./geo";
import { RideClock } from "./ride-clock";

export type RideStatus = "EN_ROUTE" | "ARRIVED" | "COMPLETED" | "CANCELLED";
export type Rating = 1 | 2 | 3 | 4 | 5;

export interface Ride {
  rideId: string;
  status: RideStatus;
  pickup: Location;
  unicorn: Unicorn;
  requestedAt: string;
  arrivesAt: string;
  etaSeconds: number;
  completedAt?: string;
  cancelledAt?: string;
  rating?: Rating;
}

/** The stored ride: the API's Ride plus keys, owner and where the unicorn set off from. */
export interface RideItem extends Omit<Ride, "status"> {
  pk: string;
  sk: string;
  kind: "ride";
  riderId: string;
  /** ARRIVED is never stored: it follows from the clock. */
  status: "EN_ROUTE" | "COMPLETED" | "CANCELLED";
  unicornFrom: Location;
}

/** The API view of a stored ride; EN_ROUTE becomes ARRIVED by the clock, with no background job. */
export function toRide(item: RideItem, now: Date): Ride {
  const { pk: _pk, sk: _sk, kind: _kind, riderId: _riderId, unicornFrom: _from, ...ride } = item;
  return { ...ride, status: RideClock.hasArrived(item, now) ? "ARRIVED" : ride.status };
}

const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A ride id can only name a ride if it is a ULID; anything else is simply not found. */
export function isRideId(value: string | undefined): value is string {
  return value !== undefined && ulidPattern.test(value);
}

/** History cursors are opaque to riders; they only ever name a ride inside the caller's own partition. */
export namespace Cursor {
  export function encode(rideId: string): string {
    return Buffer.from(JSON.stringify({ after: rideId })).toString("base64url");
  }

  export function decode(cursor: string): string {
    try {
      const { after } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
      if (typeof after === "string" && isRideId(after)) return after;
    } catch {
      // fall through to the validation error below
    }
    throw new RideError("VALIDATION_ERROR", "The cursor is not valid: use the nextCursor of a previous page.", [
      { field: "cursor", problem: "not a cursor this API issued" },
    ]);
  }
}

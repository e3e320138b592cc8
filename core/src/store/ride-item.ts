/** The ride as riders see it, as it is stored, and the opaque history cursor. */
import type { BookedRide, Rating, Ride } from "../rules/api-shapes";
import { RideError } from "../rules/errors";
import { isRideId } from "../rules/ids";
import { RideClock, type RideStatus } from "../rules/ride-clock";
import { unicornIdOf } from "../rules/roster";

export type { Rating, Ride, RideStatus };

/** The stored ride: the API's Ride plus keys and owner. ARRIVED is never stored: it follows from the clock. */
export interface RideItem extends Omit<Ride, "status"> {
  pk: string;
  sk: string;
  kind: "ride";
  riderId: string;
  status: Exclude<RideStatus, "ARRIVED">;
  /** The workshop's rides (POST /ride) end when the unicorn arrives. */
  endsOnArrival?: boolean;
  /** Present while a time-driven change is pending: the sweep's sparse index. */
  gsi3pk?: string;
  gsi3sk?: string;
  /** While DISPATCHING (v3): when it is given up, its open offer, how many offers and to whom. */
  dispatchBy?: string;
  offerId?: string;
  offers?: number;
  offeredTo?: string[];
  /** Its unicorn is crewed: its changes go to the unicorn's channel too. */
  crewed?: boolean;
}

/** A stored ride a unicorn has taken (every status but DISPATCHING, and a cancel before any unicorn accepted). */
export type BookedRideItem = RideItem &
  Pick<BookedRide, "unicorn" | "unicornFrom" | "arrivesAt" | "etaSeconds" | "boardBy">;

export function isBooked(item: RideItem): item is BookedRideItem {
  return item.unicorn !== null && item.unicornFrom !== null && item.arrivesAt !== null && item.boardBy !== null;
}

/** The stored fields riders never see. */
const internal = [
  ...["pk", "sk", "kind", "riderId", "endsOnArrival", "gsi3pk", "gsi3sk"],
  ...["dispatchBy", "offerId", "offers", "offeredTo", "crewed"],
] as const;

/** The API view of a stored ride: time-driven states are true on every read at once, before any sweep. */
export function toRide(item: RideItem, now: Date): Ride {
  const ride: Record<string, unknown> = { ...item };
  for (const name of internal) delete ride[name];
  const { endsOnArrival: _e, ...shown } = RideClock.rideAt(
    { ...(ride as Ride), endsOnArrival: item.endsOnArrival },
    now,
  );
  const unicorn = shown.unicorn;
  // Rides stored before v3 carry no unicorn id: it follows from the name.
  return unicorn
    ? { ...shown, unicorn: { ...unicorn, unicornId: unicorn.unicornId ?? unicornIdOf(unicorn.name) } }
    : shown;
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

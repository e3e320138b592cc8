/** A rider's rides: request one, read one or the history, cancel or complete it. */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { Booking } from "./booking";
import { Db } from "./db";
import { Dispatch } from "./dispatch";
import { RideError } from "./errors";
import { Geo, type Location } from "./geo";
import { Keys } from "./keys";
import { RideClock } from "./ride-clock";
import { Cursor, isRideId, type Rating, type Ride, type RideItem, toRide } from "./ride-record";

export type { Ride } from "./ride-record";

/** How many unicorns one request may try to book, and how often it may search again, before giving up. */
const maxBookings = 10;
const maxSearches = 3;

export interface Dispatched {
  ride: Ride;
  /** Bookings lost to concurrent requests before this one won: a measure of contention. */
  lostRaces: number;
}

export namespace Rides {
  export async function requestRide(riderId: string, pickup: Location, now = new Date()): Promise<Dispatched> {
    const tried = new Set<string>();
    for (let search = 0; search < maxSearches && tried.size < maxBookings; search++) {
      const fresh = (await Dispatch.nearestAvailableUnicorns(pickup)).filter((u) => !tried.has(u.name));
      if (fresh.length === 0) break;
      for (const unicorn of fresh.slice(0, maxBookings - tried.size)) {
        tried.add(unicorn.name);
        const rideId = ulid(now.getTime());
        const etaSeconds = Math.ceil(Geo.distanceMetres(unicorn.location, pickup) / unicorn.speedMps);
        const item: RideItem = {
          ...Keys.ride(riderId, rideId),
          kind: "ride",
          riderId,
          rideId,
          status: "EN_ROUTE",
          pickup,
          unicorn: { name: unicorn.name, color: unicorn.color, gender: unicorn.gender },
          unicornFrom: unicorn.location,
          requestedAt: now.toISOString(),
          arrivesAt: new Date(now.getTime() + etaSeconds * 1000).toISOString(),
          etaSeconds,
        };
        if (await Booking.book(unicorn, item)) return { ride: toRide(item, now), lostRaces: tried.size - 1 };
      }
    }
    throw new RideError(
      "NO_UNICORN_AVAILABLE",
      "Every unicorn near your pickup is busy. Please try again in a minute.",
    );
  }

  export interface Page {
    rides: Ride[];
    nextCursor: string | null;
  }

  /** Newest first, only this rider's: one Query of the rider's own partition. */
  export async function listRides(riderId: string, limit: number, cursor?: string, now = new Date()): Promise<Page> {
    const out = await Db.documents().send(
      new QueryCommand({
        TableName: Db.tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :ride)",
        ExpressionAttributeValues: { ":pk": Keys.riderPartition(riderId), ":ride": Keys.ridePrefix },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? Keys.ride(riderId, Cursor.decode(cursor)) : undefined,
      }),
    );
    const rides = ((out.Items ?? []) as RideItem[]).map((item) => toRide(item, now));
    const last = out.LastEvaluatedKey as { sk?: string } | undefined;
    return { rides, nextCursor: last?.sk ? Cursor.encode(Keys.rideIdOf(last.sk)) : null };
  }

  export async function getRide(riderId: string, rideId: string | undefined, now = new Date()): Promise<Ride> {
    return toRide(await stored(riderId, rideId), now);
  }

  /** Cancels an active ride; the unicorn stops where it has got to on its way and is free again. */
  export async function cancelRide(riderId: string, rideId: string | undefined, now = new Date()): Promise<Ride> {
    const ride = await stored(riderId, rideId);
    const unicornAt = positionOnTheWay(ride, now);
    if (await Booking.release(ride, { status: "CANCELLED", at: now, unicornAt, requireArrived: false })) {
      return toRide({ ...ride, status: "CANCELLED", cancelledAt: now.toISOString() }, now);
    }
    throw await refusal(riderId, ride.rideId, "cancelled", now);
  }

  /** Completes an arrived ride with an optional rating; the unicorn is free again at the pickup point. */
  export async function completeRide(riderId: string, rideId: string | undefined, rating?: Rating, now = new Date()) {
    const ride = await stored(riderId, rideId);
    if (!RideClock.hasArrived(ride, now) && ride.status === "EN_ROUTE") {
      throw new RideError("INVALID_RIDE_STATE", `Your unicorn has not arrived yet: it is due at ${ride.arrivesAt}.`);
    }
    const ending = { status: "COMPLETED" as const, at: now, unicornAt: ride.pickup, rating, requireArrived: true };
    if (await Booking.release(ride, ending)) {
      return toRide({ ...ride, status: "COMPLETED", completedAt: now.toISOString(), rating }, now);
    }
    throw await refusal(riderId, ride.rideId, "completed", now);
  }
}

/** The rider's own ride; another rider's ride is "not found" too, never revealing that it exists. */
async function stored(riderId: string, rideId: string | undefined): Promise<RideItem> {
  if (isRideId(rideId)) {
    const out = await Db.documents().send(
      new GetCommand({ TableName: Db.tableName(), Key: Keys.ride(riderId, rideId) }),
    );
    if (out.Item) return out.Item as RideItem;
  }
  throw new RideError("NOT_FOUND", "There is no such ride.");
}

async function refusal(riderId: string, rideId: string, action: "cancelled" | "completed", now: Date) {
  const ride = toRide(await stored(riderId, rideId), now);
  const state = ride.status.toLowerCase().replace("_", " ");
  return new RideError("INVALID_RIDE_STATE", `This ride is ${state}, so it cannot be ${action}.`);
}

/** Where a cancelled unicorn stops, to the micro-degree (about 10 cm) the table stores. */
function positionOnTheWay(ride: RideItem, now: Date): Location {
  const at = RideClock.positionOnTheWay(ride, ride.unicornFrom, now);
  return { latitude: Number(at.latitude.toFixed(6)), longitude: Number(at.longitude.toFixed(6)) };
}

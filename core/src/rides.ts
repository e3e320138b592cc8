/** A rider's rides: requesting one (dispatch + claim in one transaction) and reading the history. */
import { QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { Db } from "./db";
import { Dispatch } from "./dispatch";
import { RideError } from "./errors";
import type { StoredUnicorn, Unicorn } from "./fleet";
import { Geo, type Location } from "./geo";
import { Keys } from "./keys";

export type RideStatus = "EN_ROUTE" | "ARRIVED" | "COMPLETED" | "CANCELLED";

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
  rating?: 1 | 2 | 3 | 4 | 5;
}

/** The stored ride: the API's Ride plus keys, owner and where the unicorn set off from. */
interface RideItem extends Omit<Ride, "status"> {
  pk: string;
  sk: string;
  kind: "ride";
  riderId: string;
  status: "EN_ROUTE" | "COMPLETED" | "CANCELLED";
  unicornFrom: Location;
}

/** How many unicorns one request may try to claim before answering that none is free. */
const maxClaims = 10;
const maxSearches = 3;

export namespace Rides {
  export async function requestRide(riderId: string, pickup: Location, now = new Date()): Promise<Ride> {
    const tried = new Set<string>();
    for (let search = 0; search < maxSearches && tried.size < maxClaims; search++) {
      const { unicorns } = await Dispatch.nearestAvailableUnicorns(pickup);
      const fresh = unicorns.filter((u) => !tried.has(u.name));
      if (fresh.length === 0) break;
      for (const unicorn of fresh) {
        if (tried.size >= maxClaims) break;
        tried.add(unicorn.name);
        const ride = await claim(riderId, pickup, unicorn, now);
        if (ride) return ride;
      }
    }
    throw new RideError("NO_UNICORN_AVAILABLE", "Every unicorn near your pickup is busy. Please try again in a minute.");
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
        ExpressionAttributeValues: { ":pk": Keys.riderPartition(riderId), ":ride": "RIDE#" },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? Keys.ride(riderId, Cursor.decode(cursor)) : undefined,
      }),
    );
    const rides = ((out.Items ?? []) as RideItem[]).map((item) => toRide(item, now));
    const last = out.LastEvaluatedKey as { sk?: string } | undefined;
    return { rides, nextCursor: last?.sk ? Cursor.encode(last.sk.slice("RIDE#".length)) : null };
  }
}

/** Claims the unicorn and writes the ride atomically; undefined when another request claimed it first. */
async function claim(riderId: string, pickup: Location, unicorn: StoredUnicorn, now: Date): Promise<Ride | undefined> {
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
  try {
    await Db.documents().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: Db.tableName(),
              Key: Keys.unicorn(unicorn.name),
              UpdateExpression: "SET #status = :busy, rideId = :rideId, riderId = :riderId REMOVE gsi1pk, gsi1sk",
              ConditionExpression: "#status = :available",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":busy": "BUSY", ":available": "AVAILABLE", ":rideId": rideId, ":riderId": riderId },
            },
          },
          { Put: { TableName: Db.tableName(), Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
        ],
      }),
    );
    return toRide(item, now);
  } catch (error) {
    if (isLostRace(error)) return undefined;
    throw error;
  }
}

function isLostRace(error: unknown): boolean {
  const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (error as { name?: string }).name === "TransactionCanceledException" && reasons?.[0]?.Code === "ConditionalCheckFailed";
}

/** The API view of a stored ride; EN_ROUTE becomes ARRIVED by the clock, with no background job. */
export function toRide(item: RideItem, now: Date): Ride {
  const { pk: _pk, sk: _sk, kind: _kind, riderId: _riderId, unicornFrom: _from, ...ride } = item;
  const arrived = ride.status === "EN_ROUTE" && now.getTime() >= Date.parse(ride.arrivesAt);
  return { ...ride, status: arrived ? "ARRIVED" : ride.status };
}

/** History cursors are opaque to riders; they only ever name a ride inside the caller's own partition. */
export namespace Cursor {
  const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

  export function encode(rideId: string): string {
    return Buffer.from(JSON.stringify({ after: rideId })).toString("base64url");
  }

  export function decode(cursor: string): string {
    try {
      const { after } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
      if (typeof after === "string" && ulidPattern.test(after)) return after;
    } catch {
      // fall through to the validation error below
    }
    throw new RideError("VALIDATION_ERROR", "The cursor is not valid: use the nextCursor of a previous page.", [
      { field: "cursor", problem: "not a cursor this API issued" },
    ]);
  }
}

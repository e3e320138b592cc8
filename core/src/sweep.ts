/**
 * The sweep makes time-driven endings durable: completes trips past their dropoff (unicorn freed at the dropoff, the
 * fare charged), ends no-shows (unicorn freed at the pickup, the fee) and the workshop's rides at arrival. It finds due
 * rides through the sparse due index (one Query, never a Scan); each ending is a conditional transaction, so
 * overlapping or repeated sweeps change each ride once. Work per run is bounded; the rest waits for the next run.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Booking } from "./booking";
import { Db } from "./db";
import { Keys } from "./keys";
import { RideClock } from "./ride-clock";
import type { RideItem } from "./ride-record";

export interface SweepResult {
  /** Rides this run ended. */
  finished: number;
  /** Due rides another writer (a cancel, an overlapping sweep) had already moved on. */
  skipped: number;
  /** True when more rides were due than this run could take. */
  more: boolean;
}

export namespace Sweep {
  export const defaultLimit = 100;

  export async function run(now = new Date(), limit = defaultLimit): Promise<SweepResult> {
    const at = now.toISOString();
    const out = await Db.documents().send(
      new QueryCommand({
        TableName: Db.tableName(),
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :due AND gsi3sk <= :now",
        ExpressionAttributeValues: { ":due": Keys.duePartition, ":now": Keys.dueBy(at) },
        Limit: limit,
      }),
    );
    const due = (out.Items ?? []) as RideItem[];
    const results = await Promise.all(due.map((ride) => finish(ride, now)));
    const finished = results.filter(Boolean).length;
    return { finished, skipped: due.length - finished, more: out.LastEvaluatedKey !== undefined };
  }
}

/** Ends one due ride as the clock says; false when it was no longer in the state the index showed. */
async function finish(item: RideItem, now: Date): Promise<boolean> {
  const ride = { ...item, ...Keys.ride(item.riderId, item.rideId) };
  const passage = RideClock.passage(ride, now);
  if (!passage || passage.status === "ARRIVED" || !passage.charged) return false;
  const unicornAt = passage.status === "COMPLETED" && !ride.endsOnArrival ? ride.dropoff : ride.pickup;
  const ending = { status: passage.status, at: passage.at, charged: passage.charged, unicornAt };
  const expected = ride.status === "IN_PROGRESS" ? "IN_PROGRESS" : "EN_ROUTE";
  return Booking.end(ride, ending, expected, now.toISOString());
}

/**
 * The sweep makes time-driven endings durable: completes trips past their dropoff (unicorn freed at the dropoff, the
 * fare charged), ends no-shows (unicorn freed at the pickup, the fee) and the workshop's rides at arrival. It finds due
 * rides through the sparse due index (a Query, never a Scan; a ride sits there from its first possible due moment, and
 * one not due yet is passed by); each ending is a conditional transaction, so overlapping or repeated sweeps change
 * each ride once. Work per run is bounded; the rest waits for the next run.
 */
import { paginateQuery } from "@aws-sdk/lib-dynamodb";
import { RideClock } from "../rules/ride-clock";
import { Booking } from "./booking";
import { Db } from "./db";
import { Keys } from "./keys";
import { isBooked, type RideItem } from "./ride-item";

/**
 * The backstop for the offer chain (v3): a ride still DISPATCHING at its limit (the chain died, or a restarted local
 * stack lost it) is cancelled NO_UNICORN_ACCEPTED, its open offer expired and its unicorn freed.
 */
async function giveUpWaiting(item: RideItem, now: Date): Promise<boolean> {
  // The chain's store loads only here: a sweep that ends booked rides never runs it.
  const { OfferChain } = await import("./offer-chain");
  const ride = await OfferChain.read(item);
  if (ride?.status !== "DISPATCHING") return false;
  return (await OfferChain.giveUp(ride, now)).status === "CANCELLED";
}

export interface SweepResult {
  /** Rides this run ended. */
  finished: number;
  /** Due rides another writer (a cancel, an overlapping sweep) had already moved on. */
  skipped: number;
  /** Rides whose ending failed this time (the store refused or timed out): still due, the next run retries. */
  failed: number;
  /** True when more rides were due than this run could take. */
  more: boolean;
}

/** Endings written at once: enough to finish a full page quickly, few enough not to flood the store. */
const inParallel = 10;

export namespace Sweep {
  export const defaultLimit = 100;

  export async function run(now = new Date(), limit = defaultLimit): Promise<SweepResult> {
    const at = now.toISOString();
    const found: RideItem[] = [];
    let start: Record<string, unknown> | undefined;
    const query = {
      TableName: Db.tableName(),
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :due AND gsi3sk <= :now",
      ExpressionAttributeValues: { ":due": Keys.duePartition, ":now": Keys.dueBy(at) },
    };
    // Pages on past rides not due yet (a trip before its dropoff, a rider still to board): one per busy unicorn at most.
    for await (const page of paginateQuery({ client: Db.documents(), pageSize: limit }, query)) {
      found.push(...((page.Items ?? []) as RideItem[]).filter((item) => isDue(item, now)));
      start = page.LastEvaluatedKey;
      if (found.length >= limit) break;
    }
    const due = found.slice(0, limit);
    const result: SweepResult = {
      finished: 0,
      skipped: 0,
      failed: 0,
      more: start !== undefined || found.length > limit,
    };
    for (let i = 0; i < due.length; i += inParallel) {
      const outcomes = await Promise.allSettled(due.slice(i, i + inParallel).map((ride) => finish(ride, now)));
      for (const o of outcomes) {
        if (o.status === "rejected") result.failed++;
        else if (o.value) result.finished++;
        else result.skipped++;
      }
    }
    // Nothing was finished but something failed: the store is in trouble, so let the schedule's retry and alarm see it.
    if (result.failed > 0 && result.finished === 0) throw new Error(`sweep: all ${result.failed} due rides failed`);
    return result;
  }
}

/** The clock has a change for the ride: its key is its first possible due moment (RideClock.firstDue), not its last. */
function isDue(item: RideItem, now: Date): boolean {
  if (item.status === "DISPATCHING") return true;
  const passage = isBooked(item) ? RideClock.passage(item, now) : null;
  return passage !== null && passage.status !== "ARRIVED";
}

/** Ends one due ride as the clock says; false when it was no longer in the state the index showed. */
async function finish(item: RideItem, now: Date): Promise<boolean> {
  if (item.status === "DISPATCHING") return giveUpWaiting(item, now);
  const ride = { ...item, ...Keys.ride(item.riderId, item.rideId) };
  if (!isBooked(ride)) return false;
  const passage = RideClock.passage(ride, now);
  if (!passage || passage.status === "ARRIVED" || !passage.charged) return false;
  const unicornAt = passage.status === "COMPLETED" && !ride.endsOnArrival ? ride.dropoff : ride.pickup;
  const ending = { status: passage.status, at: passage.at, charged: passage.charged, unicornAt };
  const expected = ride.status === "IN_PROGRESS" ? "IN_PROGRESS" : "EN_ROUTE";
  return Booking.end(ride, ending, expected, now.toISOString());
}

/**
 * Figures fed by the table's change stream: each unicorn's ratings, each rider's totals, counted once however often a
 * record is delivered. Each keeps its markers in the owner's own item (the ids counted in the last days), so counting
 * one is a single write: a rider's totals in the rider's item, a unicorn's ratings in its RATINGS item.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { decodeTime } from "ulid";
import type { RiderTotals } from "../rules/api-shapes";
import { usd } from "../rules/fares";
import { Db } from "./db";
import type { RatingFigures } from "./fleet-member";
import { Keys } from "./keys";
import type { BookedRideItem, RideItem } from "./ride-item";

/** Markers outlive any redelivery: the stream keeps records 24 hours. */
const markerDays = 3;
/** Tries of a count that keeps meeting concurrent counts, before the record is left to the stream's retry. */
const maxCountAttempts = 8;

const markerExpiry = () => Math.floor(Date.now() / 1000) + markerDays * 86_400;
const noticeKey = (ride: Pick<RideItem, "rideId" | "riderId">, notice: string) =>
  Keys.tally(Keys.riderProfile(ride.riderId).pk, notice, ride.rideId);

/** What one count adds: SET and ADD clauses beside the counted ids and version, with their values. */
interface Count {
  set?: string;
  add?: string;
  values: Record<string, unknown>;
}

/** Where a figure keeps its markers in the owner's item: the counted ids, the version, and what else a count reads. */
interface Ledger {
  key: { pk: string; sk: string };
  counted: string;
  version: string;
  reads?: string[];
}

/**
 * Counts a ride into the owner's item once: reads the ids counted and the version, then writes on the version read (a
 * concurrent count makes the write fail, and it is tried again). `count` says what the ride adds, or null for nothing.
 * False when it had been counted already, or adds nothing.
 */
async function countOnce<S>(ledger: Ledger, rideId: string, count: (stored: Partial<S>) => Count | null) {
  const { key, counted: ids, version: lock } = ledger;
  for (let attempt = 0; ; attempt++) {
    const out = await Db.documents().send(
      new GetCommand({
        TableName: Db.tableName(),
        Key: key,
        ProjectionExpression: [ids, lock, ...(ledger.reads ?? [])].join(", "),
        ConsistentRead: true,
      }),
    );
    const stored = (out.Item ?? {}) as Record<string, unknown>;
    const counted = (stored[ids] as string[] | undefined) ?? [];
    if (counted.includes(rideId)) return false;
    const change = count(stored as Partial<S>);
    if (!change) return false;
    const version = (stored[lock] as number | undefined) ?? 0;
    // Ride ids are ULIDs of the request: an id older than any redelivery can come is dropped.
    const keptSince = Date.now() - markerDays * 86_400_000;
    const kept = counted.filter((id) => decodeTime(id) > keptSince);
    try {
      await Db.documents().send(
        new UpdateCommand({
          TableName: Db.tableName(),
          Key: key,
          UpdateExpression: `SET ${ids} = :counted, ${lock} = :next${change.set ? `, ${change.set}` : ""}${change.add ? ` ADD ${change.add}` : ""}`,
          ConditionExpression: `attribute_not_exists(${lock}) OR ${lock} = :version`,
          ExpressionAttributeValues: {
            ":counted": [...kept, rideId],
            ":version": version,
            ":next": version + 1,
            ...change.values,
          },
        }),
      );
      return true;
    } catch (error) {
      const lost = (error as Error).name === "ConditionalCheckFailedException";
      if (!lost || attempt >= maxCountAttempts) throw error;
      // Apart, so counts that met once do not meet again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
    }
  }
}

export type { RiderTotals };

export namespace Tallies {
  /** A rating adds to its unicorn's average and count, in the unicorn's RATINGS item (a tally, like the markers). */
  export function countRating(ride: Pick<BookedRideItem, "rideId" | "unicorn" | "rating">) {
    const ledger = {
      key: Keys.unicornRatings(ride.unicorn.name),
      counted: "ratingsCounted",
      version: "ratingsVersion",
    };
    return countOnce(ledger, ride.rideId, () => ({
      set: "kind = :kind",
      add: "ratingSum :rating, ratings :one",
      values: { ":kind": "tally", ":rating": ride.rating, ":one": 1 },
    }));
  }

  /** A unicorn's ratings as counted (no figures before its first). */
  export async function ratingsOf(name: string): Promise<RatingFigures> {
    const out = await Db.documents().send(
      new GetCommand({
        TableName: Db.tableName(),
        Key: Keys.unicornRatings(name),
        ProjectionExpression: "ratingSum, ratings",
      }),
    );
    return (out.Item ?? {}) as RatingFigures;
  }

  /**
   * An ended ride adds what it cost to the rider's totals, and a completed one to their rides; `since` becomes the
   * earliest counted ride's request, whatever order rides are counted in. False when it had been counted already, or
   * adds nothing.
   */
  export function countEndedRide(ride: Pick<RideItem, "rideId" | "riderId" | "status" | "charged" | "requestedAt">) {
    const ledger = {
      key: Keys.riderProfile(ride.riderId),
      counted: "totalsCounted",
      version: "totalsVersion",
      reads: ["since"],
    };
    return countOnce<{ since: string }>(ledger, ride.rideId, (stored) => {
      const since = stored.since && stored.since < ride.requestedAt ? stored.since : ride.requestedAt;
      const [completed, spent] = [ride.status === "COMPLETED" ? 1 : 0, ride.charged?.amount ?? 0];
      // A free cancel after the first ride adds nothing: no write, and nothing to count twice.
      if (completed === 0 && spent === 0 && since === stored.since) return null;
      return {
        set: "since = :since",
        add: "completedRides :completed, spentCents :spent",
        values: { ":since": since, ":completed": completed, ":spent": spent },
      };
    });
  }

  /** Claims the one notice of a ride (e.g. an alert): true the first time, false for a redelivered record. */
  export async function claimNotice(ride: Pick<RideItem, "rideId" | "riderId">, notice: string): Promise<boolean> {
    try {
      await Db.documents().send(
        new PutCommand({
          TableName: Db.tableName(),
          Item: { ...noticeKey(ride, notice), kind: "tally", expiresAt: markerExpiry() },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  /** Gives the notice back when sending it failed, so the retried record sends it. */
  export async function releaseNotice(ride: Pick<RideItem, "rideId" | "riderId">, notice: string) {
    await Db.documents().send(new DeleteCommand({ TableName: Db.tableName(), Key: noticeKey(ride, notice) }));
  }

  export async function riderTotals(riderId: string): Promise<RiderTotals> {
    const out = await Db.documents().send(
      new GetCommand({
        TableName: Db.tableName(),
        Key: Keys.riderProfile(riderId),
        ProjectionExpression: "completedRides, spentCents, since",
      }),
    );
    const item = out.Item ?? {};
    return { rides: item.completedRides ?? 0, spent: usd(item.spentCents ?? 0), since: item.since ?? null };
  }
}

/**
 * Figures fed by the table's change stream: each unicorn's ratings, each rider's totals, counted once however often a
 * record is delivered. A rating is one transaction with a marker item (Keys.tally); a rider's totals keep their
 * markers in the rider's own item (the ids counted in the last days), so counting one is a single write.
 */
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { decodeTime } from "ulid";
import type { RiderTotals } from "../rules/api-shapes";
import { usd } from "../rules/fares";
import { Db } from "./db";
import { Keys } from "./keys";
import type { BookedRideItem, RideItem } from "./ride-item";

/** Markers outlive any redelivery: the stream keeps records 24 hours. */
const markerDays = 3;
/** Tries of a rider's count that keeps meeting concurrent counts, before the record is left to the stream's retry. */
const maxCountAttempts = 8;

type Change = { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> };

const markerExpiry = () => Math.floor(Date.now() / 1000) + markerDays * 86_400;
const noticeKey = (ride: Pick<RideItem, "rideId" | "riderId">, notice: string) =>
  Keys.tally(Keys.riderProfile(ride.riderId).pk, notice, ride.rideId);

/** Applies `change` to the owner's item once per (tally, ride); false when it had been counted already. */
async function countOnce(owner: { pk: string; sk: string }, tally: string, rideId: string, change: Change) {
  const expiresAt = markerExpiry();
  try {
    await Db.documents().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: Db.tableName(),
              Item: { ...Keys.tally(owner.pk, tally, rideId), kind: "tally", expiresAt },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          { Update: { TableName: Db.tableName(), Key: owner, ...change } },
        ],
      }),
    );
    return true;
  } catch (error) {
    const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
    const counted =
      e.name === "TransactionCanceledException" && e.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed";
    if (counted) return false;
    throw error;
  }
}

export type { RiderTotals };

export namespace Tallies {
  /** A rating adds to its unicorn's average and count. */
  export function countRating(ride: Pick<BookedRideItem, "rideId" | "unicorn" | "rating">) {
    return countOnce(Keys.unicorn(ride.unicorn.name), "rating", ride.rideId, {
      UpdateExpression: "ADD ratingSum :rating, ratings :one",
      ExpressionAttributeValues: { ":rating": ride.rating, ":one": 1 },
    });
  }

  /**
   * An ended ride adds what it cost to the rider's totals, and a completed one to their rides; `since` becomes the
   * earliest counted ride's request, whatever order rides are counted in. False when it had been counted already, or
   * adds nothing.
   * Read, then write on the version read: a concurrent count makes the write fail, and it is tried again.
   */
  export async function countEndedRide(
    ride: Pick<RideItem, "rideId" | "riderId" | "status" | "charged" | "requestedAt">,
  ) {
    const key = Keys.riderProfile(ride.riderId);
    for (let attempt = 0; ; attempt++) {
      const out = await Db.documents().send(
        new GetCommand({
          TableName: Db.tableName(),
          Key: key,
          ProjectionExpression: "totalsCounted, totalsVersion, since",
          ConsistentRead: true,
        }),
      );
      const stored = (out.Item ?? {}) as { totalsCounted?: string[]; totalsVersion?: number; since?: string };
      const counted = stored.totalsCounted ?? [];
      if (counted.includes(ride.rideId)) return false;
      const version = stored.totalsVersion ?? 0;
      // Ride ids are ULIDs of the request: an id older than any redelivery can come is dropped.
      const keptSince = Date.now() - markerDays * 86_400_000;
      const kept = counted.filter((id) => decodeTime(id) > keptSince);
      const since = stored.since && stored.since < ride.requestedAt ? stored.since : ride.requestedAt;
      const [completed, spent] = [ride.status === "COMPLETED" ? 1 : 0, ride.charged?.amount ?? 0];
      // A free cancel after the first ride adds nothing: no write, and nothing to count twice.
      if (completed === 0 && spent === 0 && since === stored.since) return false;
      try {
        await Db.documents().send(
          new UpdateCommand({
            TableName: Db.tableName(),
            Key: key,
            UpdateExpression:
              "SET totalsCounted = :counted, totalsVersion = :next, since = :since ADD completedRides :completed, spentCents :spent",
            ConditionExpression: "attribute_not_exists(totalsVersion) OR totalsVersion = :version",
            ExpressionAttributeValues: {
              ":counted": [...kept, ride.rideId],
              ":version": version,
              ":next": version + 1,
              ":since": since,
              ":completed": completed,
              ":spent": spent,
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

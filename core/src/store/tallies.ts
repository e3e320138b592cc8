/**
 * Figures fed by the table's change stream: each unicorn's ratings and completed rides, each rider's totals. Every
 * count is one transaction with a marker item (Keys.tally), so a stream record delivered twice counts once.
 */
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { RiderTotals } from "../rules/api-shapes";
import { usd } from "../rules/fares";
import { Db } from "./db";
import { Keys } from "./keys";
import type { BookedRideItem, RideItem } from "./ride-item";

/** Markers outlive any redelivery: the stream keeps records 24 hours. */
const markerDays = 3;

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

  /** A completed ride adds to its unicorn's rides. */
  export function countCompletedRide(ride: Pick<BookedRideItem, "rideId" | "unicorn">) {
    return countOnce(Keys.unicorn(ride.unicorn.name), "completed", ride.rideId, {
      UpdateExpression: "ADD rides :one",
      ExpressionAttributeValues: { ":one": 1 },
    });
  }

  /** An ended ride adds what it cost to the rider's totals, and a completed one to their rides. */
  export function countEndedRide(ride: Pick<RideItem, "rideId" | "riderId" | "status" | "charged" | "requestedAt">) {
    const completed = ride.status === "COMPLETED" ? 1 : 0;
    return countOnce(Keys.riderProfile(ride.riderId), "totals", ride.rideId, {
      UpdateExpression: "ADD completedRides :completed, spentCents :spent SET since = if_not_exists(since, :since)",
      ExpressionAttributeValues: {
        ":completed": completed,
        ":spent": ride.charged?.amount ?? 0,
        ":since": ride.requestedAt,
      },
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

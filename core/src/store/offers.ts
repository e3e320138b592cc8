/**
 * Offers of rides to crewed unicorns (v3): how one is stored and shown, and the single conditional transaction of each
 * way it ends. Accept racing the timeout racing the rider's cancel: each writes the offer with `status = OPEN`, the
 * ride with its `offerId` and the unicorn with its hold, so exactly one of them wins and the others change nothing.
 */
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Offer, OfferStatus } from "../rules/api-shapes";
import { Geo } from "../rules/geo";
import { Db } from "./db";
import { Keys } from "./keys";
import type { OfferItem } from "./offer-item";

export type { Offer, OfferStatus };

type Transaction = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;
type TransactItem = Transaction[number];

export namespace Offers {
  export const table = () => Db.tableName();

  /** The write that closes an open offer as `status` (the first item of every ending transaction). */
  export function closeOffer(offer: OfferItem, status: Exclude<OfferStatus, "OPEN">, now: string): TransactItem {
    // Answers must come before the offer expires; the chain's timeout and the rider's cancel close it whenever.
    const answer = status === "ACCEPTED" || status === "DECLINED";
    return {
      Update: {
        TableName: table(),
        Key: { pk: offer.pk, sk: offer.sk },
        UpdateExpression: "SET #status = :closed, answeredAt = :now",
        ConditionExpression: answer ? "#status = :open AND answerBy > :now" : "#status = :open",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":closed": status, ":open": "OPEN", ":now": now },
      },
    };
  }

  /** Frees the unicorn an offer held, where it stands, back into the dispatch index. */
  export function releaseUnicorn(offer: OfferItem): TransactItem {
    const index = Keys.availableIn(Geo.cellOf(offer.unicornAt), offer.unicorn.name);
    return {
      Update: {
        TableName: table(),
        Key: Keys.unicorn(offer.unicorn.name),
        UpdateExpression:
          "SET #status = :available, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk REMOVE offerId, rideId, riderId",
        ConditionExpression: "offerId = :offerId",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":available": "AVAILABLE",
          ":offerId": offer.offerId,
          ":gsi1pk": index.gsi1pk,
          ":gsi1sk": index.gsi1sk,
        },
      },
    };
  }

  /** The ride no longer waits on this offer (declined or expired): the chain may offer it to the next unicorn. */
  export function clearFromRide(offer: OfferItem): TransactItem {
    return {
      Update: {
        TableName: table(),
        Key: Keys.ride(offer.riderId, offer.rideId),
        UpdateExpression: "REMOVE offerId",
        ConditionExpression: "offerId = :offerId",
        ExpressionAttributeValues: { ":offerId": offer.offerId },
      },
    };
  }

  /** Declined by the unicorn, or expired by the chain: the offer, the ride and the unicorn in one transaction. */
  export async function pass(offer: OfferItem, status: "DECLINED" | "EXPIRED", now: string): Promise<boolean> {
    return (await write([closeOffer(offer, status, now), clearFromRide(offer), releaseUnicorn(offer)])) === written;
  }

  /** A stored offer of this unicorn's, read consistently (an answer must see the latest state), or null. */
  export async function get(unicornName: string, offerId: string): Promise<OfferItem | null> {
    const out = await Db.documents().send(
      new GetCommand({ TableName: table(), Key: Keys.offer(unicornName, offerId), ConsistentRead: true }),
    );
    return (out.Item as OfferItem | undefined) ?? null;
  }

  export const written = -1;

  /** Runs a transaction: `written`, or the index of the first item whose condition no longer held. */
  export async function write(items: Transaction): Promise<number> {
    try {
      await Db.documents().send(new TransactWriteCommand({ TransactItems: items }));
      return written;
    } catch (error) {
      const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
      const failed = e.CancellationReasons?.findIndex((reason) => reason.Code === "ConditionalCheckFailed") ?? -1;
      if (e.name === "TransactionCanceledException" && failed >= 0) return failed;
      throw error;
    }
  }
}

export type { TransactItem, Transaction };

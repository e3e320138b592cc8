/**
 * Booking and releasing unicorns. Each is one TransactWriteItems over the ride and its unicorn, so a ride and
 * its unicorn never disagree: a unicorn is BUSY exactly while one ride holds it.
 */
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { Db } from "./db";
import type { UnicornProfile } from "./fleet";
import { Geo, type Location } from "./geo";
import { Keys } from "./keys";
import type { RideItem } from "./ride-record";

export namespace Booking {
  /** Marks the unicorn busy and writes the ride; false when another request booked the unicorn first. */
  export async function book(unicorn: UnicornProfile, ride: RideItem): Promise<boolean> {
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
                ExpressionAttributeValues: {
                  ":busy": "BUSY",
                  ":available": "AVAILABLE",
                  ":rideId": ride.rideId,
                  ":riderId": ride.riderId,
                },
              },
            },
            { Put: { TableName: Db.tableName(), Item: ride, ConditionExpression: "attribute_not_exists(pk)" } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error, 0)) return false;
      throw error;
    }
  }

  export interface Ending {
    status: "COMPLETED" | "CANCELLED";
    at: Date;
    /** Where the unicorn stands once free again. */
    unicornAt: Location;
    rating?: number;
    /** Completing needs the unicorn to have arrived: the ride's arrival time must have passed. */
    requireArrived: boolean;
  }

  /** Ends an active ride and frees its unicorn where it stands; false when the ride is no longer active. */
  export async function release(ride: RideItem, ending: Ending): Promise<boolean> {
    const when = ending.at.toISOString();
    const stamp = ending.status === "COMPLETED" ? "completedAt" : "cancelledAt";
    const rating = ending.rating === undefined ? "" : ", rating = :rating";
    try {
      await Db.documents().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: Db.tableName(),
                Key: { pk: ride.pk, sk: ride.sk },
                UpdateExpression: `SET #status = :ended, ${stamp} = :when${rating}`,
                ConditionExpression: `#status = :enRoute${ending.requireArrived ? " AND arrivesAt <= :when" : ""}`,
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: {
                  ":ended": ending.status,
                  ":enRoute": "EN_ROUTE",
                  ":when": when,
                  ...(ending.rating === undefined ? {} : { ":rating": ending.rating }),
                },
              },
            },
            {
              Update: {
                TableName: Db.tableName(),
                Key: Keys.unicorn(ride.unicorn.name),
                UpdateExpression:
                  "SET #status = :available, #location = :location, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk REMOVE rideId, riderId",
                ConditionExpression: "rideId = :rideId",
                ExpressionAttributeNames: { "#status": "status", "#location": "location" },
                ExpressionAttributeValues: {
                  ":available": "AVAILABLE",
                  ":location": ending.unicornAt,
                  ":rideId": ride.rideId,
                  ...prefixed(Keys.availableIn(Geo.cellOf(ending.unicornAt), ride.unicorn.name)),
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error, 0)) return false;
      throw error;
    }
  }
}

function prefixed(keys: { gsi1pk: string; gsi1sk: string }) {
  return { ":gsi1pk": keys.gsi1pk, ":gsi1sk": keys.gsi1sk };
}

/** True when the transaction was cancelled because the condition on item `index` did not hold. */
function failedCondition(error: unknown, index: number): boolean {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return e.name === "TransactionCanceledException" && e.CancellationReasons?.[index]?.Code === "ConditionalCheckFailed";
}

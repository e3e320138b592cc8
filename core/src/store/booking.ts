/**
 * Booking, boarding and ending rides. Booking is one TransactWriteItems over the ride, its unicorn and the rider's
 * active-ride marker; ending one over the ride and its unicorn; boarding writes the ride alone (docs/architecture.md,
 * "Writes per ride"). A ride and its unicorn never disagree, and a rider never holds two active rides.
 */
import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Fares, type Money } from "../rules/fares";
import { Geo, type Location } from "../rules/geo";
import { Db } from "./db";
import type { UnicornProfile } from "./fleet";
import { Keys } from "./keys";
import type { BookedRideItem, RideItem } from "./ride-item";

export type BookingOutcome = "booked" | "unicorn-taken" | "rider-busy";

export interface Ending {
  status: "COMPLETED" | "CANCELLED" | "NO_SHOW";
  /** When it ended (for time-driven endings, the moment the clock passed, not when the sweep ran). */
  at: string;
  charged: Money;
  /** Where the unicorn stands once free again. */
  unicornAt: Location;
}

const stampOf = { COMPLETED: "completedAt", CANCELLED: "cancelledAt", NO_SHOW: "noShowAt" } as const;

export namespace Booking {
  /**
   * Books the unicorn and writes the ride, if the unicorn is still free and the rider's marker names no ride or only
   * `over`, a ride read as over a moment before. `activeUntil`: when this ride stops counting as active if not boarded.
   */
  export async function book(unicorn: UnicornProfile, ride: RideItem, activeUntil: string, over: string | undefined) {
    const table = Db.tableName();
    try {
      await Db.documents().send(
        new TransactWriteCommand({
          TransactItems: [
            takeUnicorn(unicorn.name, ride),
            claimRider(ride, activeUntil, over),
            { Put: { TableName: table, Item: ride, ConditionExpression: "attribute_not_exists(pk)" } },
          ],
        }),
      );
      return "booked" satisfies BookingOutcome;
    } catch (error) {
      return outcomeOf(error);
    }
  }

  /** A free unicorn takes the ride: busy with it, out of the dispatch index (condition: still AVAILABLE). */
  export function takeUnicorn(name: string, ride: { rideId: string; riderId: string }) {
    return {
      Update: {
        TableName: Db.tableName(),
        Key: Keys.unicorn(name),
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
    };
  }

  /**
   * The rider's active-ride marker names this ride, if it names none or still names `over`: the ride the request read
   * as over (ended, or run out by the clock), which never becomes active again. Endings leave the marker, so no ending
   * writes the rider's item; a concurrent request that claimed first has moved the marker, and this claim fails.
   */
  export function claimRider(ride: RideItem, activeUntil: string, over: string | undefined) {
    return {
      Update: {
        TableName: Db.tableName(),
        Key: Keys.riderProfile(ride.riderId),
        UpdateExpression: "SET activeRideId = :rideId, activeUntil = :until",
        ConditionExpression: "attribute_not_exists(activeRideId) OR activeRideId = :over",
        // No ride id is empty: without a ride read as over, only a rider with no marker may claim.
        ExpressionAttributeValues: { ":rideId": ride.rideId, ":until": activeUntil, ":over": over ?? "" },
      },
    };
  }

  /** The outcome of a booking transaction whose items are [unicorn, rider, …]. */
  export function outcomeOf(error: unknown): BookingOutcome {
    if (failedCondition(error, 1)) return "rider-busy";
    if (failedCondition(error, 0)) return "unicorn-taken";
    throw error;
  }

  /**
   * The rider is on board: the trip starts now and falls due at its dropoff. False when boarding is not allowed. The
   * ride alone is written: the marker still names it, and a request reads the ride before it claims. Its due key stays
   * (RideClock.firstDue is never after the dropoff), so the index entry is updated in place, not moved.
   */
  export async function board(ride: BookedRideItem, boardedAt: string, dropoffAt: string): Promise<boolean> {
    try {
      await Db.documents().send(
        new UpdateCommand({
          TableName: Db.tableName(),
          Key: { pk: ride.pk, sk: ride.sk },
          UpdateExpression: "SET #status = :inProgress, boardedAt = :now, dropoffAt = :dropoffAt",
          ConditionExpression:
            "#status = :enRoute AND arrivesAt <= :now AND boardBy > :now AND attribute_not_exists(endsOnArrival)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":inProgress": "IN_PROGRESS",
            ":enRoute": "EN_ROUTE",
            ":now": boardedAt,
            ":dropoffAt": dropoffAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  /**
   * Ends a ride and frees its unicorn where it stands. `expected`: the stored status the ride must still have, so
   * overlapping sweeps or a sweep racing a cancel change it once. In the same write a completed ride adds one to its
   * unicorn's `rides`, and a charge adds the unicorn's cut to its `earnedCents` (a crew's earnings): each counted
   * exactly once, by the change that ends the ride. The rider's marker is left naming the ended ride (claimRider).
   */
  export async function end(ride: BookedRideItem, ending: Ending, expected: "EN_ROUTE" | "IN_PROGRESS", now: string) {
    const table = Db.tableName();
    const cancelling = ending.status === "CANCELLED";
    const completing = ending.status === "COMPLETED";
    const rideUpdate = {
      Update: {
        TableName: table,
        Key: { pk: ride.pk, sk: ride.sk },
        // A cancel here is always the rider's (the chain's own cancels are offer-chain.ts's).
        UpdateExpression: `SET #status = :ended, ${stampOf[ending.status]} = :at, charged = :charged${cancelling ? ", cancelReason = :rider" : ""} REMOVE gsi3pk, gsi3sk`,
        ConditionExpression: cancelling
          ? "#status = :expected AND boardBy > :now AND (attribute_not_exists(endsOnArrival) OR arrivesAt > :now)"
          : "#status = :expected",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":ended": ending.status,
          ":at": ending.at,
          ":charged": ending.charged,
          ":expected": expected,
          ...(cancelling ? { ":now": now, ":rider": "RIDER" } : {}),
        },
      },
    };
    // The unicorn's cut of the charge joins its total here, once, as a completed ride joins `rides`. Bots' totals too:
    // the sweep reads rides from the due index, which does not project `crewed`.
    const earned = Fares.crewCut(ending.charged);
    const adds = [...(completing ? ["rides :one"] : []), ...(earned > 0 ? ["earnedCents :earned"] : [])];
    const unicornUpdate = {
      Update: {
        TableName: table,
        Key: Keys.unicorn(ride.unicorn.name),
        UpdateExpression: `SET #status = :available, #location = :location, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk REMOVE rideId, riderId${adds.length ? ` ADD ${adds.join(", ")}` : ""}`,
        ConditionExpression: "rideId = :rideId",
        ExpressionAttributeNames: { "#status": "status", "#location": "location" },
        ExpressionAttributeValues: {
          ":available": "AVAILABLE",
          ":location": ending.unicornAt,
          ":rideId": ride.rideId,
          ...prefixed(Keys.availableIn(Geo.cellOf(ending.unicornAt), ride.unicorn.name)),
          ...(completing ? { ":one": 1 } : {}),
          ...(earned > 0 ? { ":earned": earned } : {}),
        },
      },
    };
    return transact([rideUpdate, unicornUpdate]);
  }
}

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;

/** True when written; false when the first item's condition no longer held (the ride had already moved on). */
async function transact(items: TransactItems): Promise<boolean> {
  try {
    await Db.documents().send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (failedCondition(error, 0)) return false;
    throw error;
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

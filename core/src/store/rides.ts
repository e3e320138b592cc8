/**
 * A rider's rides as stored: the current one, one by id, the history, and rating a completed one. Requesting a ride
 * is ./ride-requests, boarding ./boarding, cancelling ./cancellations: a handler bundles only the part it runs
 * (decision 0025).
 */
import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { RideError } from "../rules/errors";
import { isRideId } from "../rules/ids";
import { RideClock } from "../rules/ride-clock";
import { Db } from "./db";
import { Keys } from "./keys";
import { Cursor, type Rating, type Ride, type RideItem, toRide } from "./ride-item";

export type { Ride } from "./ride-item";

export namespace Rides {
  /** The rider's active ride, derived from the clock: a ride whose time has run out no longer counts. */
  export async function currentRide(riderId: string, now = new Date()): Promise<Ride> {
    const active = (await marked(riderId, now)).active;
    if (!active) throw new RideError("NOT_FOUND", "You have no ride in progress.");
    return active;
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
    return toRide(await own(riderId, rideId), now);
  }

  /** Rates a completed ride once, 1 to 5; a ride completed by the clock counts before the sweep writes it. */
  export async function rateRide(riderId: string, rideId: string | undefined, rating: Rating, now = new Date()) {
    const ride = await own(riderId, rideId);
    if (RideClock.statusAt(ride, now) === "COMPLETED" && ride.rating === undefined) {
      try {
        await Db.documents().send(
          new UpdateCommand({
            TableName: Db.tableName(),
            Key: { pk: ride.pk, sk: ride.sk },
            UpdateExpression: "SET rating = :rating",
            ConditionExpression:
              "attribute_not_exists(rating) AND (#status = :completed OR (#status = :inProgress AND dropoffAt <= :now) OR (#status = :enRoute AND endsOnArrival = :yes AND arrivesAt <= :now))",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":rating": rating,
              ":completed": "COMPLETED",
              ":inProgress": "IN_PROGRESS",
              ":enRoute": "EN_ROUTE",
              ":yes": true,
              ":now": now.toISOString(),
            },
          }),
        );
        return toRide({ ...ride, rating }, now);
      } catch (error) {
        if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
      }
    }
    const current = toRide(await own(riderId, ride.rideId), now);
    if (current.rating !== undefined) throw new RideError("INVALID_RIDE_STATE", "You have already rated this ride.");
    throw await refusal(riderId, ride.rideId, "rated", now);
  }

  /** The ride the rider's marker names: active (by the clock), or over (its id, so a booking may take the marker). */
  export async function marked(riderId: string, now: Date): Promise<{ active: Ride | null; over?: string }> {
    // Consistent: a marker moved a moment ago by this rider's other request must be seen.
    const out = await Db.documents().send(
      new GetCommand({
        TableName: Db.tableName(),
        Key: Keys.riderProfile(riderId),
        ProjectionExpression: "activeRideId",
        ConsistentRead: true,
      }),
    );
    const rideId = out.Item?.activeRideId as string | undefined;
    if (!rideId) return { active: null };
    const ride = await Db.documents().send(
      new GetCommand({ TableName: Db.tableName(), Key: Keys.ride(riderId, rideId), ConsistentRead: true }),
    );
    if (!ride.Item) return { active: null, over: rideId };
    const view = toRide(ride.Item as RideItem, now);
    return RideClock.isActive(view.status) ? { active: view } : { active: null, over: rideId };
  }

  /** The rider's own ride; another rider's ride is "not found" too, never revealing that it exists. */
  export async function own(riderId: string, rideId: string | undefined): Promise<RideItem> {
    if (isRideId(rideId)) {
      const out = await Db.documents().send(
        new GetCommand({ TableName: Db.tableName(), Key: Keys.ride(riderId, rideId) }),
      );
      if (out.Item) return out.Item as RideItem;
    }
    throw new RideError("NOT_FOUND", "There is no such ride.");
  }

  /** 409: the ride as it now is cannot be `action` (boarded, cancelled, rated). */
  export async function refusal(riderId: string, rideId: string, action: string, now: Date) {
    const ride = toRide(await own(riderId, rideId), now);
    const state = ride.status.toLowerCase().replace("_", " ");
    return new RideError("INVALID_RIDE_STATE", `This ride is ${state}, so it cannot be ${action}.`);
  }
}

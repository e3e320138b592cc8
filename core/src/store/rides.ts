/** A rider's rides: request one, board it, cancel or rate it, read the current one or the history. */
import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { noUnicornAvailable, RideError } from "../rules/errors";
import { Fares, ServiceArea, type TripPlan, usd } from "../rules/fares";
import { Geo, type Location } from "../rules/geo";
import { isRideId } from "../rules/ids";
import { noUnicornYet, OfferRules, RideClock } from "../rules/ride-clock";
import { Booking } from "./booking";
import { Db } from "./db";
import { Dispatch } from "./dispatch";
import { Keys } from "./keys";
import { type ChainRef, OfferChain } from "./offer-chain";
import { Quotes } from "./quotes";
import { Cursor, isBooked, type Rating, type Ride, type RideItem, toRide } from "./ride-item";

export type { Ride } from "./ride-item";

/** How many unicorns one request may try to book, and how often it may search again, before giving up. */
const maxBookings = 10;
const maxSearches = 3;
/** Reads and tries of one cancel that keeps meeting a concurrent change (an answer, the chain's next offer). */
const maxCancelAttempts = 4;

/** What a ride request names: a quote of the rider's, or a pickup and dropoff priced now. */
export type TripRequest = { quoteId: string } | { pickup: Location; dropoff: Location };

export interface Dispatched {
  ride: Ride;
  /** The ride waits for a crewed unicorn's answer (DISPATCHING): the offer chain to start for it. */
  chain?: ChainRef;
  /** Bookings lost to concurrent requests before this one won: a measure of contention. */
  lostRaces: number;
}

export interface RequestOptions {
  now?: Date;
  /** The workshop's POST /ride: no destination, no fare, the ride ends when the unicorn arrives. */
  endsOnArrival?: boolean;
  boardingWindowSeconds?: number;
}

export namespace Rides {
  export async function requestRide(riderId: string, trip: TripRequest, o: RequestOptions = {}): Promise<Dispatched> {
    const now = o.now ?? new Date();
    const { pickup, dropoff, plan } = await tripFor(riderId, trip, now, o.endsOnArrival);
    // The ride the rider's marker still names, now over: the booking may take the marker from it.
    const over = await refuseIfActive(riderId, now);
    const windowMs = (o.boardingWindowSeconds ?? RideClock.boardingWindowSeconds(process.env)) * 1000;
    const tried = new Set<string>();
    const botsOnly = o.endsOnArrival === true;
    for (let search = 0; search < maxSearches && tried.size < maxBookings; search++) {
      const fresh = (await Dispatch.nearestAvailableUnicorns(pickup, { botsOnly })).filter((u) => !tried.has(u.name));
      if (fresh.length === 0) break;
      for (const unicorn of fresh.slice(0, maxBookings - tried.size)) {
        tried.add(unicorn.name);
        const rideId = ulid(now.getTime());
        const etaSeconds = Math.ceil(Geo.distanceMetres(unicorn.location, pickup) / unicorn.speedMps);
        const arrivesAt = new Date(now.getTime() + etaSeconds * 1000).toISOString();
        const boardBy = new Date(Date.parse(arrivesAt) + windowMs).toISOString();
        // Active until its no-show deadline (the workshop's until its arrival), unless boarded.
        const activeUntil = o.endsOnArrival ? arrivesAt : boardBy;
        const firstDue = RideClock.firstDue({
          arrivesAt,
          boardBy,
          tripSeconds: plan.tripSeconds,
          endsOnArrival: o.endsOnArrival === true,
        });
        const item: RideItem = {
          ...Keys.ride(riderId, rideId),
          ...Keys.dueAt(firstDue, rideId),
          kind: "ride",
          riderId,
          rideId,
          status: "EN_ROUTE",
          pickup,
          dropoff,
          unicorn: { unicornId: unicorn.unicornId, name: unicorn.name, color: unicorn.color, gender: unicorn.gender },
          unicornFrom: unicorn.location,
          ...plan,
          requestedAt: now.toISOString(),
          arrivesAt,
          etaSeconds,
          boardBy,
          ...(o.endsOnArrival ? { endsOnArrival: true } : {}),
        };
        if (unicorn.crewed) {
          // A crewed unicorn on shift: the ride waits for its answer (the offer chain takes it from here).
          const dispatching = waitingFor(item, now);
          const outcome = await OfferChain.openFirst(unicorn, dispatching, now, over);
          if (outcome === "booked") {
            return { ride: toRide(dispatching, now), lostRaces: tried.size - 1, chain: { riderId, rideId } };
          }
          if (outcome === "rider-busy") await refuseIfActive(riderId, now, true);
          continue;
        }
        const outcome = await Booking.book(unicorn, item, activeUntil, over);
        if (outcome === "booked") return { ride: toRide(item, now), lostRaces: tried.size - 1 };
        if (outcome === "rider-busy") await refuseIfActive(riderId, now, true);
      }
    }
    throw noUnicornAvailable();
  }

  /** The rider's active ride, derived from the clock: a ride whose time has run out no longer counts. */
  export async function currentRide(riderId: string, now = new Date()): Promise<Ride> {
    const active = await activeRide(riderId, now);
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
    return toRide(await stored(riderId, rideId), now);
  }

  /** The rider is on board once the unicorn has arrived and before the boarding window closes. */
  export async function board(riderId: string, rideId: string | undefined, now = new Date()): Promise<Ride> {
    const ride = await stored(riderId, rideId);
    const status = RideClock.statusAt(ride, now);
    if (status === "EN_ROUTE" || status === "DISPATCHING") {
      const when = ride.arrivesAt ? `it is due at ${ride.arrivesAt}` : "no unicorn has accepted it yet";
      throw new RideError("INVALID_RIDE_STATE", `Your unicorn has not arrived yet: ${when}.`);
    }
    const dropoffAt = new Date(now.getTime() + ride.tripSeconds * 1000).toISOString();
    if (status === "ARRIVED" && isBooked(ride) && (await Booking.board(ride, now.toISOString(), dropoffAt))) {
      return toRide({ ...ride, status: "IN_PROGRESS", boardedAt: now.toISOString(), dropoffAt }, now);
    }
    throw await refusal(riderId, ride.rideId, "boarded", now);
  }

  /**
   * Cancels before boarding: free while dispatching (the open offer withdrawn) or while the unicorn is on its way, a
   * fee once it has arrived. `callbackId`: the offer chain's wait to wake, when an offer was withdrawn.
   */
  export async function cancelRide(riderId: string, rideId: string | undefined, now = new Date()) {
    let ride = await stored(riderId, rideId);
    // A cancel may race the crew's answer or the chain's next offer: read again (consistently) and retry, so it is
    // refused only when the ride can no longer be cancelled, never for a change made a moment before.
    for (let attempt = 0; attempt < maxCancelAttempts; attempt++) {
      if (attempt > 0) {
        // The change we lost to happened after `now`: this cancel is later still.
        now = new Date();
        ride = (await OfferChain.read(ride)) ?? ride;
      }
      // A request's clock is read as it starts: one accepted a moment later may have been stored before this read.
      if (ride.acceptedAt && Date.parse(ride.acceptedAt) > now.getTime()) now = new Date(ride.acceptedAt);
      const status = RideClock.statusAt(ride, now);
      if (status === "DISPATCHING") {
        const withdrawn = await OfferChain.withdraw(ride, now);
        if (withdrawn.done) {
          const cancelled = { ...ride, status: "CANCELLED" as const, cancelReason: "RIDER" as const };
          const shown = { ...cancelled, cancelledAt: now.toISOString(), charged: usd(0) };
          return { ride: toRide(shown, now), callbackId: withdrawn.callbackId };
        }
      } else if ((status === "EN_ROUTE" || status === "ARRIVED") && isBooked(ride)) {
        const charged = usd(status === "ARRIVED" ? Fares.lateCancelFeeCents : 0);
        const unicornAt = micro(RideClock.unicornPosition(ride, now));
        const ending = { status: "CANCELLED" as const, at: now.toISOString(), charged, unicornAt };
        if (await Booking.end(ride, ending, "EN_ROUTE", now.toISOString())) {
          const cancelled = { ...ride, status: "CANCELLED" as const, cancelReason: "RIDER" as const };
          return { ride: toRide({ ...cancelled, cancelledAt: ending.at, charged }, now) };
        }
      } else {
        break;
      }
    }
    throw await refusal(riderId, ride.rideId, "cancelled", now);
  }

  /** Rates a completed ride once, 1 to 5; a ride completed by the clock counts before the sweep writes it. */
  export async function rateRide(riderId: string, rideId: string | undefined, rating: Rating, now = new Date()) {
    const ride = await stored(riderId, rideId);
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
    const current = toRide(await stored(riderId, ride.rideId), now);
    if (current.rating !== undefined) throw new RideError("INVALID_RIDE_STATE", "You have already rated this ride.");
    throw await refusal(riderId, ride.rideId, "rated", now);
  }
}

/** The ride as it waits for a crewed unicorn's answer: no unicorn yet, due for the sweep's backstop at the limit. */
function waitingFor(ride: RideItem, now: Date): RideItem {
  const dispatchBy = OfferRules.dispatchBy(now.toISOString());
  return {
    ...ride,
    ...Keys.dueAt(dispatchBy, ride.rideId),
    status: "DISPATCHING",
    ...noUnicornYet,
    dispatchBy,
  };
}

/** The pickup, dropoff and price of a request: from the rider's quote, or priced now. */
async function tripFor(riderId: string, trip: TripRequest, now: Date, endsOnArrival?: boolean) {
  if ("quoteId" in trip) {
    const quote = await Quotes.valid(riderId, trip.quoteId, now);
    const { pickup, dropoff, fare, distanceMetres, tripSeconds } = quote;
    return { pickup, dropoff, plan: { fare, distanceMetres, tripSeconds } satisfies TripPlan };
  }
  // The workshop's ride has only a pickup to judge (its dropoff is the pickup).
  ServiceArea.refuseOutside(endsOnArrival ? { pickup: trip.pickup } : trip);
  // The workshop's ride has no destination: it ends where it starts, for nothing.
  const plan = endsOnArrival
    ? { distanceMetres: 0, tripSeconds: 0, fare: usd(0) }
    : Fares.plan(trip.pickup, trip.dropoff);
  return { pickup: trip.pickup, dropoff: trip.dropoff, plan };
}

async function activeRide(riderId: string, now: Date): Promise<Ride | null> {
  return (await markedRide(riderId, now)).active;
}

/** The ride the rider's marker names: active (by the clock), or over (its id, so a booking may take the marker). */
async function markedRide(riderId: string, now: Date): Promise<{ active: Ride | null; over?: string }> {
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

/**
 * 409 naming the active ride; `certain`: the booking itself was refused for it, so say so even if it just ended.
 * Otherwise the id of the ride the marker names, over, if any.
 */
async function refuseIfActive(riderId: string, now: Date, certain = false): Promise<string | undefined> {
  const { active, over } = await markedRide(riderId, now);
  if (active || certain) {
    throw new RideError(
      "RIDE_IN_PROGRESS",
      "You already have a ride in progress: finish or cancel it before requesting another.",
      active ? { rideId: active.rideId } : undefined,
    );
  }
  return over;
}

/** The rider's own ride; another rider's ride is "not found" too, never revealing that it exists. */
async function stored(riderId: string, rideId: string | undefined): Promise<RideItem> {
  if (isRideId(rideId)) {
    const out = await Db.documents().send(
      new GetCommand({ TableName: Db.tableName(), Key: Keys.ride(riderId, rideId) }),
    );
    if (out.Item) return out.Item as RideItem;
  }
  throw new RideError("NOT_FOUND", "There is no such ride.");
}

async function refusal(riderId: string, rideId: string, action: string, now: Date) {
  const ride = toRide(await stored(riderId, rideId), now);
  const state = ride.status.toLowerCase().replace("_", " ");
  return new RideError("INVALID_RIDE_STATE", `This ride is ${state}, so it cannot be ${action}.`);
}

/** To the micro-degree (about 10 cm) the table stores. */
function micro(at: Location): Location {
  return { latitude: Number(at.latitude.toFixed(6)), longitude: Number(at.longitude.toFixed(6)) };
}

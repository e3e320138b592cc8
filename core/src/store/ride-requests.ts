/**
 * Requesting a ride: priced now or from the rider's quote, the nearest free unicorn found and booked in one
 * transaction, or offered to its crew (the offer chain takes it from there).
 */
import { ulid } from "ulid";
import { noUnicornAvailable, RideError } from "../rules/errors";
import { Fares, ServiceArea, type TripPlan, usd } from "../rules/fares";
import { Geo, type Location } from "../rules/geo";
import { noUnicornYet, OfferRules, RideClock } from "../rules/ride-clock";
import { Booking } from "./booking";
import { Dispatch } from "./dispatch";
import { Keys } from "./keys";
import type { ChainRef } from "./offer-chain";
import { Quotes } from "./quotes";
import { type Ride, type RideItem, toRide } from "./ride-item";
import { Rides } from "./rides";

/** How many unicorns one request may try to book, and how often it may search again, before giving up. */
const maxBookings = 10;
const maxSearches = 3;

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

export namespace RideRequests {
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
          // Its store loads only here: a bot's booking never runs it.
          const { OfferChain } = await import("./offer-chain");
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

/**
 * 409 naming the active ride; `certain`: the booking itself was refused for it, so say so even if it just ended.
 * Otherwise the id of the ride the marker names, over, if any.
 */
async function refuseIfActive(riderId: string, now: Date, certain = false): Promise<string | undefined> {
  const { active, over } = await Rides.marked(riderId, now);
  if (active || certain) {
    throw new RideError(
      "RIDE_IN_PROGRESS",
      "You already have a ride in progress: finish or cancel it before requesting another.",
      active ? { rideId: active.rideId } : undefined,
    );
  }
  return over;
}

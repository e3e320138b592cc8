/**
 * The offer chain's steps (docs/api.md, "Dispatch with offers"): open an offer to the nearest free unicorn not yet
 * asked, book a bot at once, expire an unanswered offer, give the ride up after three offers or 60 s. The orchestrator
 * (functions/src/handlers/dispatch/offer-chain.ts) only sequences these; each step reads the table and makes one
 * conditional transaction, so a step run twice (a retry, a replay, the sweep) changes nothing the second time.
 */
import { GetCommand, paginateQuery, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { Unicorn } from "../rules/api-shapes";
import { usd } from "../rules/fares";
import { Geo, type Location } from "../rules/geo";
import { OfferRules, RideClock, type RideStatus } from "../rules/ride-clock";
import { Booking, type BookingOutcome } from "./booking";
import { Db } from "./db";
import { type Candidate, Dispatch } from "./dispatch";
import { Keys } from "./keys";
import { answerByOf, type OfferedTrip, type OfferItem, offerKeptSeconds } from "./offer-item";
import { Offers, type TransactItem } from "./offers";
import type { RideItem } from "./ride-item";

/** Which ride a chain runs for: the orchestrator's input. */
export interface ChainRef {
  riderId: string;
  rideId: string;
}

/** An open offer the chain waits on. */
export interface OfferRef {
  unicornName: string;
  offerId: string;
  expiresAt: string;
}

export type Ended = { kind: "ended"; status: RideStatus };
export type ChainStep = { kind: "offered"; offer: OfferRef } | Ended;

/** The orchestrator's rounds and the name of each round's wait for an answer (the local runner finds them by name). */
export const chainRounds = OfferRules.maxOffers + 1;
export const answerName = (round: number) => `answer-${round}`;
export const answerNames = Array.from({ length: chainRounds }, (_, i) => answerName(i + 1));

/** Candidates tried per step before the ride is given up (bounded work per step). */
const maxTries = 10;

export namespace OfferChain {
  /**
   * The first offer, made by the request itself: the ride (DISPATCHING), its offer, the held unicorn, the rider.
   * `over`: the ride the rider's marker names, read as over (Booking.claimRider).
   */
  export async function openFirst(
    unicorn: Candidate,
    ride: RideItem,
    now: Date,
    over: string | undefined,
  ): Promise<BookingOutcome> {
    const offer = offerTo(unicorn, ride, now);
    const dispatching = { ...ride, offerId: offer.offerId, offers: 1, offeredTo: [unicorn.name] };
    const put = (item: object) => ({
      Put: { TableName: Db.tableName(), Item: item, ConditionExpression: "attribute_not_exists(pk)" },
    });
    const failed = await Offers.write([
      hold(offer),
      Booking.claimRider(ride, OfferRules.dispatchBy(ride.requestedAt), over),
      put(dispatching),
      put(offer),
    ]);
    return failed === Offers.written ? "booked" : failed === 1 ? "rider-busy" : "unicorn-taken";
  }

  /** The chain's next move: the offer it waits on, a new offer, a bot booked, or the ride given up. */
  export async function next(ref: ChainRef, now = new Date(), attempt = 0): Promise<ChainStep> {
    const ride = await read(ref);
    if (ride?.status !== "DISPATCHING") return { kind: "ended", status: ride?.status ?? "CANCELLED" };
    const offered = ride.offeredTo ?? [];
    if (ride.offerId) {
      const offer = await Offers.get(offered.at(-1) ?? "", ride.offerId);
      if (offer) return { kind: "offered", offer: refOf(offer) };
    }
    if ((ride.offers ?? 0) >= OfferRules.maxOffers || now.toISOString() >= dispatchByOf(ride)) return giveUp(ride, now);
    const candidates = (await Dispatch.nearestAvailableUnicorns(ride.pickup)).filter((u) => !offered.includes(u.name));
    for (const unicorn of candidates.slice(0, maxTries)) {
      const failed = unicorn.crewed ? await offerNext(unicorn, ride, now) : await bookBot(unicorn, ride, now);
      if (failed === Offers.written) return next(ref, now);
      // The ride itself moved on (cancelled, or another step got there first): read it again, once or twice.
      if (failed === 0) return attempt < 2 ? next(ref, now, attempt + 1) : { kind: "ended", status: ride.status };
    }
    return giveUp(ride, now);
  }

  /** Stores the orchestrator's callback on the offer; false when the offer was answered before it listened. */
  export async function listen(offer: OfferRef, callbackId: string): Promise<boolean> {
    try {
      await Db.documents().send(
        new UpdateCommand({
          TableName: Db.tableName(),
          Key: Keys.offer(offer.unicornName, offer.offerId),
          UpdateExpression: "SET callbackId = :id",
          ConditionExpression: "#status = :open",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":id": callbackId, ":open": "OPEN" },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  /** After the wait: an offer still open has expired (waits out any early wake-up first). */
  export async function close(ref: OfferRef, now = () => new Date()): Promise<void> {
    const offer = await Offers.get(ref.unicornName, ref.offerId);
    if (offer?.status !== "OPEN") return;
    const early = Date.parse(answerByOf(offer)) - now().getTime();
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    await Offers.pass(offer, "EXPIRED", now().toISOString());
  }

  /**
   * No unicorn accepted: CANCELLED with NO_UNICORN_ACCEPTED, charged nothing, any open offer expired. Before the
   * dispatch limit the rider's marker is cleared too; after it (the sweep's backstop) the marker has lapsed already.
   */
  export async function giveUp(ride: RideItem, now: Date): Promise<Ended> {
    const lapsed = now.toISOString() >= dispatchByOf(ride);
    const at = lapsed ? dispatchByOf(ride) : now.toISOString();
    const offer = ride.offerId ? await Offers.get(ride.offeredTo?.at(-1) ?? "", ride.offerId) : null;
    const items: TransactItem[] = [
      endDispatch(ride, { status: "CANCELLED", cancelReason: "NO_UNICORN_ACCEPTED", cancelledAt: at }, now, !lapsed),
      ...(lapsed ? [] : [clearRider(ride)]),
      ...(offer?.status === "OPEN"
        ? [Offers.closeOffer(offer, "EXPIRED", now.toISOString()), Offers.releaseUnicorn(offer)]
        : []),
    ];
    const failed = await Offers.write(items);
    if (failed === Offers.written) return { kind: "ended", status: "CANCELLED" };
    const current = await read(ride);
    return { kind: "ended", status: current?.status ?? "CANCELLED" };
  }

  /** The rider cancels while DISPATCHING: free, the open offer WITHDRAWN. The offer's callback, to wake the chain. */
  export async function withdraw(ride: RideItem, now: Date): Promise<{ done: boolean; callbackId?: string }> {
    const offer = ride.offerId ? await Offers.get(ride.offeredTo?.at(-1) ?? "", ride.offerId) : null;
    const items: TransactItem[] = [
      endDispatch(ride, { status: "CANCELLED", cancelReason: "RIDER", cancelledAt: now.toISOString() }, now, true),
      clearRider(ride),
      ...(offer?.status === "OPEN"
        ? [Offers.closeOffer(offer, "WITHDRAWN", now.toISOString()), Offers.releaseUnicorn(offer)]
        : []),
    ];
    return { done: (await Offers.write(items)) === Offers.written, callbackId: offer?.callbackId };
  }

  /**
   * The ride taken by a unicorn: EN_ROUTE from now, its pickup ETA counted from here. For an accepted offer
   * (`offerId`) or a bot the chain booked (no offer may be open then).
   */
  export function take(
    ride: ChainRef & { tripSeconds: number },
    unicorn: Unicorn,
    from: Location,
    etaSeconds: number,
    now: Date,
    o: { offerId?: string; crewed?: boolean } = {},
  ) {
    const arrivesAt = new Date(now.getTime() + etaSeconds * 1000).toISOString();
    const boardBy = new Date(Date.parse(arrivesAt) + RideClock.boardingWindowSeconds(process.env) * 1000).toISOString();
    return {
      boardBy,
      item: {
        Update: {
          TableName: Db.tableName(),
          Key: Keys.ride(ride.riderId, ride.rideId),
          UpdateExpression:
            "SET #status = :enRoute, unicorn = :unicorn, unicornFrom = :from, acceptedAt = :now, arrivesAt = :arrivesAt, etaSeconds = :eta, boardBy = :boardBy, gsi3sk = :due, crewed = :crewed REMOVE offerId, dispatchBy",
          ConditionExpression: `#status = :dispatching AND dispatchBy > :now AND ${o.offerId ? "offerId = :offerId" : "attribute_not_exists(offerId)"}`,
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":enRoute": "EN_ROUTE",
            ":dispatching": "DISPATCHING",
            ":unicorn": unicorn,
            ":from": from,
            ":now": now.toISOString(),
            ":arrivesAt": arrivesAt,
            ":eta": etaSeconds,
            ":boardBy": boardBy,
            ":due": Keys.dueAt(RideClock.firstDue({ arrivesAt, boardBy, tripSeconds: ride.tripSeconds }), ride.rideId)
              .gsi3sk,
            ":crewed": o.crewed === true,
            ...(o.offerId ? { ":offerId": o.offerId } : {}),
          },
        },
      } satisfies TransactItem,
    };
  }

  /** The rider's marker now runs to the end of the boarding window. */
  export function extendRider(ride: ChainRef, activeUntil: string): TransactItem {
    return {
      Update: {
        TableName: Db.tableName(),
        Key: Keys.riderProfile(ride.riderId),
        UpdateExpression: "SET activeUntil = :until",
        ConditionExpression: "activeRideId = :rideId",
        ExpressionAttributeValues: { ":until": activeUntil, ":rideId": ride.rideId },
      },
    };
  }

  /** Rides still DISPATCHING, from the due index (never a Scan): what a restarted orchestrator picks up again. */
  export async function waiting(): Promise<ChainRef[]> {
    const found: ChainRef[] = [];
    const query = {
      TableName: Db.tableName(),
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :due",
      FilterExpression: "#status = :dispatching",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":due": Keys.duePartition, ":dispatching": "DISPATCHING" },
    };
    for await (const page of paginateQuery({ client: Db.documents() }, query)) {
      for (const item of (page.Items ?? []) as RideItem[]) found.push({ riderId: item.riderId, rideId: item.rideId });
    }
    return found;
  }

  export async function read(ref: ChainRef): Promise<RideItem | null> {
    const out = await Db.documents().send(
      new GetCommand({ TableName: Db.tableName(), Key: Keys.ride(ref.riderId, ref.rideId), ConsistentRead: true }),
    );
    return (out.Item as RideItem | undefined) ?? null;
  }
}

/** The offer of `ride` to `unicorn`, open for 15 s from now. */
function offerTo(unicorn: Candidate, ride: OfferedTrip, now: Date): OfferItem {
  const offerId = ulid(now.getTime());
  const { unicornId, name, color, gender } = unicorn;
  const answerBy = now.getTime() + OfferRules.answerSeconds * 1000;
  return {
    ...Keys.offer(name, offerId),
    kind: "offer",
    offerId,
    rideId: ride.rideId,
    riderId: ride.riderId,
    unicornId,
    unicorn: { unicornId, name, color, gender },
    unicornAt: unicorn.location,
    pickup: ride.pickup,
    dropoff: ride.dropoff,
    fare: ride.fare,
    distanceMetres: ride.distanceMetres,
    tripSeconds: ride.tripSeconds,
    pickupEtaSeconds: etaOf(unicorn, ride.pickup),
    offeredAt: now.toISOString(),
    answerBy: new Date(answerBy).toISOString(),
    expiresAt: Math.ceil(answerBy / 1000) + offerKeptSeconds,
    status: "OPEN",
  };
}

/** A further offer: the ride names it (only if no other is open and the count is as read), the unicorn is held. */
async function offerNext(unicorn: Candidate, ride: RideItem, now: Date): Promise<number> {
  const offer = offerTo(unicorn, ride, now);
  return Offers.write([
    {
      Update: {
        TableName: Db.tableName(),
        Key: { pk: ride.pk, sk: ride.sk },
        UpdateExpression: "SET offerId = :offerId, offers = :count, offeredTo = list_append(offeredTo, :name)",
        ConditionExpression: "#status = :dispatching AND attribute_not_exists(offerId) AND offers = :was",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":offerId": offer.offerId,
          ":count": (ride.offers ?? 0) + 1,
          ":was": ride.offers ?? 0,
          ":name": [unicorn.name],
          ":dispatching": "DISPATCHING",
        },
      },
    },
    hold(offer),
    { Put: { TableName: Db.tableName(), Item: offer, ConditionExpression: "attribute_not_exists(pk)" } },
  ]);
}

/** A bot takes the ride at once (as in v2): the ride, the bot, the rider's marker. */
async function bookBot(bot: Candidate, ride: RideItem, now: Date): Promise<number> {
  const { unicornId, name, color, gender } = bot;
  const taken = OfferChain.take(ride, { unicornId, name, color, gender }, bot.location, etaOf(bot, ride.pickup), now);
  return Offers.write([taken.item, Booking.takeUnicorn(name, ride), OfferChain.extendRider(ride, taken.boardBy)]);
}

/** The unicorn is held for the offer: out of the dispatch index, offered nothing else until the offer ends. */
function hold(offer: OfferItem): TransactItem {
  return {
    Update: {
      TableName: Db.tableName(),
      Key: Keys.unicorn(offer.unicorn.name),
      UpdateExpression:
        "SET #status = :offered, offerId = :offerId, rideId = :rideId, riderId = :riderId REMOVE gsi1pk, gsi1sk",
      ConditionExpression: "#status = :available AND onShift = :yes",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":offered": "OFFERED",
        ":available": "AVAILABLE",
        ":yes": true,
        ":offerId": offer.offerId,
        ":rideId": offer.rideId,
        ":riderId": offer.riderId,
      },
    },
  };
}

/** A DISPATCHING ride ends without a unicorn; `beforeLimit`: only while the dispatch limit has not passed. */
function endDispatch(
  ride: RideItem,
  end: { status: "CANCELLED"; cancelReason: "RIDER" | "NO_UNICORN_ACCEPTED"; cancelledAt: string },
  now: Date,
  beforeLimit: boolean,
): TransactItem {
  const offerHeld = ride.offerId ? "offerId = :offerId" : "attribute_not_exists(offerId)";
  return {
    Update: {
      TableName: Db.tableName(),
      Key: Keys.ride(ride.riderId, ride.rideId),
      UpdateExpression:
        "SET #status = :cancelled, cancelReason = :reason, cancelledAt = :at, charged = :zero REMOVE offerId, dispatchBy, gsi3pk, gsi3sk",
      ConditionExpression: `#status = :dispatching AND ${offerHeld}${beforeLimit ? " AND dispatchBy > :now" : ""}`,
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":cancelled": end.status,
        ":reason": end.cancelReason,
        ":at": end.cancelledAt,
        ":zero": usd(0),
        ":dispatching": "DISPATCHING",
        ...(ride.offerId ? { ":offerId": ride.offerId } : {}),
        ...(beforeLimit ? { ":now": now.toISOString() } : {}),
      },
    },
  };
}

function clearRider(ride: ChainRef): TransactItem {
  return {
    Update: {
      TableName: Db.tableName(),
      Key: Keys.riderProfile(ride.riderId),
      UpdateExpression: "REMOVE activeRideId, activeUntil",
      ConditionExpression: "activeRideId = :rideId",
      ExpressionAttributeValues: { ":rideId": ride.rideId },
    },
  };
}

const refOf = (offer: OfferItem): OfferRef => ({
  unicornName: offer.unicorn.name,
  offerId: offer.offerId,
  expiresAt: answerByOf(offer),
});

/** At least a second, even from the pickup itself: an accepted ride answers EN_ROUTE, as the contract says. */
const etaOf = (unicorn: Candidate, pickup: Location) =>
  Math.max(1, Math.ceil(Geo.distanceMetres(unicorn.location, pickup) / unicorn.speedMps));

const dispatchByOf = (ride: RideItem) => ride.dispatchBy ?? OfferRules.dispatchBy(ride.requestedAt);

/**
 * A crewed unicorn's side of an offer (v3): the one open now, accepting it, declining it. An answer is one conditional
 * transaction; past `expiresAt`, withdrawn or already answered is 409 OFFER_CLOSED, another unicorn's offer 404.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Offer, Ride } from "../rules/api-shapes";
import { RideError } from "../rules/errors";
import { isRideId } from "../rules/ids";
import type { CrewLink } from "./crew";
import { Db } from "./db";
import { Keys } from "./keys";
import { OfferChain } from "./offer-chain";
import { type OfferItem, toOffer } from "./offer-item";
import { Offers } from "./offers";
import { toRide } from "./ride-item";

/** An answer, and the orchestrator's callback to wake (absent until the chain listens). */
export interface Answered<T> {
  answer: T;
  callbackId?: string;
}

export namespace OfferAnswers {
  /** The unicorn's OPEN offer, or 404. */
  export async function current(link: CrewLink, now = new Date()): Promise<Offer> {
    const out = await Db.documents().send(
      new GetCommand({ TableName: Db.tableName(), Key: Keys.unicorn(link.name), ProjectionExpression: "offerId" }),
    );
    const offerId = out.Item?.offerId as string | undefined;
    const offer = offerId ? await Offers.get(link.name, offerId) : null;
    if (offer && toOffer(offer, now).status === "OPEN") return toOffer(offer, now);
    throw new RideError("NOT_FOUND", "You have no open offer right now.");
  }

  /** The ride is this unicorn's, EN_ROUTE from now: offer, ride, unicorn, rider and job pointer in one transaction. */
  export async function accept(link: CrewLink, offerId: string | undefined, now = new Date()): Promise<Answered<Ride>> {
    const offer = await open(link, offerId, now);
    const ride = { riderId: offer.riderId, rideId: offer.rideId, tripSeconds: offer.tripSeconds };
    const taken = OfferChain.take(ride, offer.unicorn, offer.unicornAt, offer.pickupEtaSeconds, now, {
      offerId: offer.offerId,
      crewed: true,
    });
    const failed = await Offers.write([
      Offers.closeOffer(offer, "ACCEPTED", now.toISOString()),
      taken.item,
      {
        Update: {
          TableName: Db.tableName(),
          Key: Keys.unicorn(link.name),
          UpdateExpression: "SET #status = :busy REMOVE offerId",
          ConditionExpression: "offerId = :offerId",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":busy": "BUSY", ":offerId": offer.offerId },
        },
      },
      OfferChain.extendRider(ride, taken.boardBy),
      { Put: { TableName: Db.tableName(), Item: { ...Keys.job(link.name, offer.rideId), kind: "job", ...ride } } },
    ]);
    if (failed !== Offers.written) throw closed();
    const stored = await OfferChain.read(ride);
    if (!stored) throw closed();
    return { answer: toRide(stored, now), callbackId: offer.callbackId };
  }

  /** The offer goes back to the chain, which offers the ride to the next nearest free unicorn. */
  export async function decline(
    link: CrewLink,
    offerId: string | undefined,
    now = new Date(),
  ): Promise<Answered<Offer>> {
    const offer = await open(link, offerId, now);
    if (!(await Offers.pass(offer, "DECLINED", now.toISOString()))) throw closed();
    return { answer: toOffer({ ...offer, status: "DECLINED" }, now), callbackId: offer.callbackId };
  }

  /** This unicorn's offer, still open: 404 for none of its own (never revealing another's), 409 once closed. */
  async function open(link: CrewLink, offerId: string | undefined, now: Date): Promise<OfferItem> {
    // Offer ids are ULIDs like ride ids: anything else names no offer.
    const offer = isRideId(offerId) ? await Offers.get(link.name, offerId) : null;
    if (!offer) throw new RideError("NOT_FOUND", "There is no such offer.");
    if (toOffer(offer, now).status !== "OPEN") throw closed();
    return offer;
  }
}

const closed = () =>
  new RideError(
    "OFFER_CLOSED",
    "This offer has closed: it expired, was withdrawn by the rider, or was already answered.",
  );

/**
 * An offer as stored and as shown (v3): the item, and the API's Offer made from it. No store here, so a publisher
 * (the live-push subscriber) carries no DynamoDB client (./offers writes and ends offers).
 */
import type { Money, Offer, Unicorn } from "../rules/api-shapes";
import type { Location } from "../rules/geo";

/**
 * The stored offer: the API's Offer, plus what the chain and the answers need without reading the unicorn again. The
 * API's `expiresAt` is stored as `answerBy`: the table's TTL attribute is `expiresAt`, in epoch seconds, and removes
 * the offer a day later (before, offers were kept for ever under their unicorn).
 */
export interface OfferItem extends Omit<Offer, "expiresAt"> {
  /** Until when the unicorn may answer (ISO): the API's `expiresAt`. */
  answerBy: string;
  /** When DynamoDB's TTL removes the offer (epoch seconds). */
  expiresAt: number;
  pk: string;
  sk: string;
  kind: "offer";
  riderId: string;
  /** The unicorn as the ride will show it, and where it stands (it does not move while held). */
  unicorn: Unicorn;
  unicornAt: Location;
  tripSeconds: number;
  /** The orchestrator's callback that waits for the answer (absent until the chain listens). */
  callbackId?: string;
  answeredAt?: string;
}

/** The fields an offer carries of its ride: the trip and its price. */
export interface OfferedTrip {
  riderId: string;
  rideId: string;
  pickup: Location;
  dropoff: Location;
  fare: Money;
  distanceMetres: number;
  tripSeconds: number;
}

/** The offer as GET /unicorn/offers/current and the unicorn's channel show it: an OPEN one past its time has expired. */
export function toOffer(item: OfferItem, now: Date): Offer {
  const expiresAt = answerByOf(item);
  const status = item.status === "OPEN" && now.getTime() >= Date.parse(expiresAt) ? "EXPIRED" : item.status;
  const { offerId, rideId, unicornId, pickup, dropoff, fare, distanceMetres, pickupEtaSeconds, offeredAt } = item;
  return {
    offerId,
    ...{ rideId, unicornId, pickup, dropoff, fare, distanceMetres, pickupEtaSeconds, offeredAt, expiresAt },
    status,
  };
}

/** Until when an offer may be answered; an offer stored before `answerBy` kept it in `expiresAt`. */
export function answerByOf(item: OfferItem): string {
  return item.answerBy ?? String(item.expiresAt);
}

/** An offer is kept a day past its answer time, then the table's TTL removes it. */
export const offerKeptSeconds = 86_400;

/**
 * The offer card's state (docs/api.md, "Dispatch with offers"): which open offer is on screen, and why the last one
 * left it. Offers arrive by push or by a read of GET /unicorn/offers/current and end by push, by the crew's own answer
 * or by the clock; every way runs through nextOfferCard, so the order they land in cannot bring an ended offer back.
 */
import type { Offer, OfferStatus } from "./api-client";
import { formatEta, formatMoney } from "./ride-progress";

/** Why an offer left the screen: its ended status, or CLOSED when the API refused an answer (409 OFFER_CLOSED, 404). */
export type OfferEnding = Exclude<OfferStatus, "OPEN"> | "CLOSED";

export interface OfferCardState {
  /** The open offer on screen, or null. */
  offer: Offer | null;
  /** When it came on screen: its announcement counts the seconds left from here, so the words hold still. */
  since: number;
  /** Why the last offer left the screen (and which it was), said until the next one arrives. */
  news: { offerId: string; text: string } | null;
  /** Offers already ended here (newest last): a late or repeated copy of one must not bring its card back. */
  ended: readonly string[];
}

export type OfferCardEvent =
  /** An offer pushed on the unicorn's channel, or read from GET /unicorn/offers/current; `now` is when it landed. */
  | { type: "seen"; offer: Offer; now: number }
  /** GET /unicorn/offers/current answered 404: no offer is open. */
  | { type: "none" }
  /** The crew's answer was taken or refused, or the clock passed `expiresAt`. */
  | { type: "ended"; offerId: string; why: OfferEnding };

export const noOffer: OfferCardState = { offer: null, since: 0, news: null, ended: [] };

/** The sentence that replaces the card: the first words say what happened, for eyes and ears alike. */
export const offerEndings: Record<OfferEnding, string> = {
  ACCEPTED: "You accepted the ride. It's your current job now: fly to the pickup.",
  DECLINED: "You declined the offer.",
  EXPIRED: "The offer expired before it was answered.",
  WITHDRAWN: "The rider cancelled, so the offer was withdrawn.",
  CLOSED: "This offer has closed: it was withdrawn, expired or answered elsewhere.",
};

// Enough to outlast any copy still on its way; an offer lives 15 s.
const remembered = 20;

/** Whole seconds until the offer expires, from `expiresAt` itself, so a card that arrives late shows what is left. */
export function secondsLeft(expiresAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
}

/** The card after `event`. */
export function nextOfferCard(card: OfferCardState, event: OfferCardEvent): OfferCardState {
  switch (event.type) {
    case "seen": {
      const { offer, now } = event;
      if (offer.status !== "OPEN") return ended(card, offer.offerId, offer.status);
      if (card.ended.includes(offer.offerId)) return card;
      // Already over by this clock (a read answered late): it never comes on screen, so nothing is said.
      if (secondsLeft(offer.expiresAt, now) === 0) return ended(card, offer.offerId, "EXPIRED");
      if (card.offer?.offerId === offer.offerId) return { ...card, offer };
      return { ...card, offer, since: now, news: null };
    }
    case "none":
      // The offer on screen ended while no push could say how (the channel was reconnecting).
      return card.offer ? ended(card, card.offer.offerId, "CLOSED") : card;
    case "ended":
      return ended(card, event.offerId, event.why);
  }
}

function ended(card: OfferCardState, offerId: string, why: OfferEnding): OfferCardState {
  if (card.ended.includes(offerId)) return card;
  const remember = [...card.ended, offerId].slice(-remembered);
  // An offer that ended off screen is only remembered: there is nothing to take away or say.
  if (card.offer?.offerId !== offerId) return { ...card, ended: remember };
  return { offer: null, since: card.since, news: { offerId, text: offerEndings[why] }, ended: remember };
}

/**
 * What the assertive announcement says when the card appears: the trip, the pay, the pickup and the seconds left.
 * `placeName` names a point as the card's rows do.
 */
export function offerAnnouncement(offer: Offer, since: number, placeName: (at: Offer["pickup"]) => string): string {
  const left = secondsLeft(offer.expiresAt, since);
  return (
    `New ride offer: ${placeName(offer.pickup)} to ${placeName(offer.dropoff)}, ${formatMoney(offer.fare)}, ` +
    `pickup in ${formatEta(offer.pickupEtaSeconds)}. ${left} ${left === 1 ? "second" : "seconds"} to accept.`
  );
}

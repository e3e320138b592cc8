/**
 * The events the live channels carry (docs/api.md, "Live push"), checked before a page trusts them: a ride on a
 * rider's or a unicorn's channel, an offer on a unicorn's. Framework-free, so it is tested without a socket.
 */
import { offerStatuses, rideStatuses } from "@wildrydes/core/rules/ride-clock";
import type { Offer, Ride } from "./api-client";

export type LiveEvent = { type: "ride"; ride: Ride } | { type: "offer"; offer: Offer };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isTime = (value: unknown) => typeof value === "string";
// A ride still being offered has no unicorn and none of its times yet (null, not absent).
const isTimeOrNull = (value: unknown) => value === null || typeof value === "string";

function rideOf(ride: unknown): Ride | null {
  if (!isObject(ride) || typeof ride.rideId !== "string") return null;
  const known = typeof ride.status === "string" && (rideStatuses as readonly string[]).includes(ride.status);
  const stamped = isTime(ride.requestedAt) && isTimeOrNull(ride.arrivesAt) && isTimeOrNull(ride.boardBy);
  const unicorn = ride.unicorn === null || isObject(ride.unicorn);
  return known && stamped && unicorn ? (ride as unknown as Ride) : null;
}

function offerOf(offer: unknown): Offer | null {
  if (!isObject(offer) || typeof offer.offerId !== "string" || typeof offer.rideId !== "string") return null;
  const known = typeof offer.status === "string" && (offerStatuses as readonly string[]).includes(offer.status);
  const placed = isObject(offer.pickup) && isObject(offer.dropoff) && isObject(offer.fare);
  return known && placed && isTime(offer.expiresAt) ? (offer as unknown as Offer) : null;
}

/** `{"type": "ride", "ride": Ride}` or `{"type": "offer", "offer": Offer}`, or null for anything else. */
export function liveEventOf(event: unknown): LiveEvent | null {
  if (!isObject(event)) return null;
  if (event.type === "ride") {
    const ride = rideOf(event.ride);
    return ride ? { type: "ride", ride } : null;
  }
  if (event.type === "offer") {
    const offer = offerOf(event.offer);
    return offer ? { type: "offer", offer } : null;
  }
  return null;
}

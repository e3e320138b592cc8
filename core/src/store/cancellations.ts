/** Cancelling before boarding: free while dispatching or while the unicorn is on its way, a fee once it has arrived. */
import { Fares, usd } from "../rules/fares";
import type { Location } from "../rules/geo";
import { RideClock } from "../rules/ride-clock";
import { Booking } from "./booking";
import { isBooked, toRide } from "./ride-item";
import { Rides } from "./rides";

/** Reads and tries of one cancel that keeps meeting a concurrent change (an answer, the chain's next offer). */
const maxCancelAttempts = 4;

/** The offer chain's store, loaded only for a ride still waiting on an offer: a booked ride's cancel never runs it. */
const offerChain = async () => (await import("./offer-chain")).OfferChain;

export namespace Cancellations {
  /**
   * Cancels before boarding: free while dispatching (the open offer withdrawn) or while the unicorn is on its way, a
   * fee once it has arrived. `callbackId`: the offer chain's wait to wake, when an offer was withdrawn.
   */
  export async function cancelRide(riderId: string, rideId: string | undefined, now = new Date()) {
    let ride = await Rides.own(riderId, rideId);
    // A cancel may race the crew's answer or the chain's next offer: read again (consistently) and retry, so it is
    // refused only when the ride can no longer be cancelled, never for a change made a moment before.
    for (let attempt = 0; attempt < maxCancelAttempts; attempt++) {
      if (attempt > 0) {
        // The change we lost to happened after `now`: this cancel is later still.
        now = new Date();
        ride = (await (await offerChain()).read(ride)) ?? ride;
      }
      // A request's clock is read as it starts: one accepted a moment later may have been stored before this read.
      if (ride.acceptedAt && Date.parse(ride.acceptedAt) > now.getTime()) now = new Date(ride.acceptedAt);
      const status = RideClock.statusAt(ride, now);
      if (status === "DISPATCHING") {
        const withdrawn = await (await offerChain()).withdraw(ride, now);
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
    throw await Rides.refusal(riderId, ride.rideId, "cancelled", now);
  }
}

/** To the micro-degree (about 10 cm) the table stores. */
function micro(at: Location): Location {
  return { latitude: Number(at.latitude.toFixed(6)), longitude: Number(at.longitude.toFixed(6)) };
}

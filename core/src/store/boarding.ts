/** Boarding: the rider is on board once the unicorn has arrived, and the trip's clock starts. */
import { RideError } from "../rules/errors";
import { RideClock } from "../rules/ride-clock";
import { Booking } from "./booking";
import { isBooked, type Ride, toRide } from "./ride-item";
import { Rides } from "./rides";

export namespace Boarding {
  /** The rider is on board once the unicorn has arrived and before the boarding window closes. */
  export async function board(riderId: string, rideId: string | undefined, now = new Date()): Promise<Ride> {
    const ride = await Rides.own(riderId, rideId);
    const status = RideClock.statusAt(ride, now);
    if (status === "EN_ROUTE" || status === "DISPATCHING") {
      const when = ride.arrivesAt ? `it is due at ${ride.arrivesAt}` : "no unicorn has accepted it yet";
      throw new RideError("INVALID_RIDE_STATE", `Your unicorn has not arrived yet: ${when}.`);
    }
    const dropoffAt = new Date(now.getTime() + ride.tripSeconds * 1000).toISOString();
    if (status === "ARRIVED" && isBooked(ride) && (await Booking.board(ride, now.toISOString(), dropoffAt))) {
      return toRide({ ...ride, status: "IN_PROGRESS", boardedAt: now.toISOString(), dropoffAt }, now);
    }
    throw await Rides.refusal(riderId, ride.rideId, "boarded", now);
  }
}

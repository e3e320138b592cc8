/** What a ride cost and why, in the rider's words: the history list and the ride's receipt. */
import { Fares } from "@wildrydes/core/rules/fares";
import type { Ride } from "./api-client";
import { formatDistance, formatDuration } from "./ride-progress";

/** The amount that matters now: what was charged once the ride has ended, the agreed fare while it runs. */
export function amountDue(ride: Ride): { label: "Charged" | "Fare"; amount: string } {
  const [label, money] = ride.charged ? (["Charged", ride.charged] as const) : (["Fare", ride.fare] as const);
  return { label, amount: Fares.format(money) };
}

/** How far and how long the trip goes, as every receipt and history line shows it. */
export function tripFacts(trip: Pick<Ride, "distanceMetres" | "tripSeconds">): Array<[term: string, value: string]> {
  return [
    ["Distance", formatDistance(trip.distanceMetres)],
    ["Trip time", formatDuration(trip.tripSeconds)],
  ];
}

/** Why the charge is what it is, read from the ride itself; null while nothing has been charged yet. */
export function chargeReason(ride: Ride): string | null {
  if (!ride.charged) return null;
  switch (ride.status) {
    case "COMPLETED":
      return ride.charged.amount === ride.fare.amount ? "The fare agreed when you requested the ride." : null;
    case "CANCELLED":
      return ride.charged.amount > 0
        ? "Cancellation fee: the unicorn had already arrived."
        : "No charge: you cancelled before the unicorn arrived.";
    case "NO_SHOW":
      return "No-show fee: the unicorn waited, but you didn't board in time.";
    default:
      return null;
  }
}

/** "4 of 5 stars" for a rated ride; "Not rated" for a completed one still waiting; null when rating does not apply. */
export function ratingText(ride: Ride): string | null {
  if (ride.rating) return `${ride.rating} of 5 stars`;
  return ride.status === "COMPLETED" ? "Not rated" : null;
}

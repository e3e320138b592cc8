/** What a ride cost and why, in the rider's words: the history list and the ride's receipt. */
import { Fares } from "@wildrydes/core/rules/fares";
import type { Ride } from "./api-client";
import { formatDistance, formatDuration } from "./ride-progress";

/** Said when the offers ran out (3 offers, or a minute) with no unicorn accepting: the ride ends at no charge. */
export const noUnicornAccepted = "No unicorn accepted your ride — you were not charged. Try again.";

/** Who flew the ride, or why no one did: a ride cancelled before any unicorn accepted has no unicorn to name. */
export function unicornLabel(ride: Pick<Ride, "unicorn" | "status" | "cancelReason">): string {
  if (ride.unicorn) return ride.unicorn.name;
  if (ride.status === "DISPATCHING") return "Finding a unicorn";
  return ride.cancelReason === "NO_UNICORN_ACCEPTED" ? "No unicorn accepted" : "No unicorn";
}

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
      if (ride.charged.amount > 0) return "Cancellation fee: the unicorn had already arrived.";
      if (ride.cancelReason === "NO_UNICORN_ACCEPTED") return "No charge: no unicorn accepted your ride.";
      return ride.unicorn
        ? "No charge: you cancelled before the unicorn arrived."
        : "No charge: you cancelled before a unicorn accepted.";
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

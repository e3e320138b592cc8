/** A stored unicorn and how the API shows it: no SDK here, so a subscriber that only reshapes one stays small. */
import type { FleetMember } from "../rules/api-shapes";
import { type UnicornProfile, unicornIdOf } from "../rules/roster";

export interface StoredUnicorn extends UnicornProfile {
  /** OFFERED: held by an open offer (v3), neither free nor on a ride. */
  status: "AVAILABLE" | "BUSY" | "OFFERED";
  /** A crewed unicorn's shift: it is dispatched only while on it. */
  onShift?: boolean;
  /** Ratings counted before they moved to the unicorn's RATINGS item: no longer written, still added. */
  ratingSum?: number;
  ratings?: number;
  rides?: number;
  /** While busy (or held by an offer): the ride it holds and that ride's rider. */
  rideId?: string;
  riderId?: string;
  /** A crewed unicorn's cut of every charge, in cents, added by each ending (Booking.end). */
  earnedCents?: number;
}

/** A unicorn's rating figures, as its RATINGS item holds them (Tallies.countRating). */
export interface RatingFigures {
  ratingSum?: number;
  ratings?: number;
}

/** A stored unicorn, with its RATINGS item's figures, as GET /unicorns and the fleet channel show it. */
export function toFleetMember(u: StoredUnicorn, rated: RatingFigures): FleetMember {
  const ratingSum = (u.ratingSum ?? 0) + (rated.ratingSum ?? 0);
  const ratings = (u.ratings ?? 0) + (rated.ratings ?? 0);
  return {
    // Profiles stored before v3 carry no id: it follows from the name.
    unicornId: u.unicornId ?? unicornIdOf(u.name),
    name: u.name,
    color: u.color,
    gender: u.gender,
    location: u.location,
    available: u.status === "AVAILABLE" && (!u.crewed || u.onShift === true),
    // The average to one decimal and how many ratings (stream-fed, Tallies); completed rides (counted by Booking.end).
    rating: ratings ? Math.round((10 * ratingSum) / ratings) / 10 : null,
    ratings,
    rides: u.rides ?? 0,
    crewed: u.crewed === true,
  };
}

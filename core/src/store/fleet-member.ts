/** A stored unicorn and how the API shows it: no SDK here, so a subscriber that only reshapes one stays small. */
import type { FleetMember } from "../rules/api-shapes";
import type { UnicornProfile } from "../rules/roster";

export interface StoredUnicorn extends UnicornProfile {
  status: "AVAILABLE" | "BUSY";
  ratingSum?: number;
  ratings?: number;
  rides?: number;
}

/** A stored unicorn as GET /unicorns and the fleet channel show it. */
export function toFleetMember(u: StoredUnicorn): FleetMember {
  return {
    name: u.name,
    color: u.color,
    gender: u.gender,
    location: u.location,
    available: u.status === "AVAILABLE",
    // Stream-fed (Tallies): the average to one decimal, how many ratings, how many completed rides.
    rating: u.ratings ? Math.round((10 * (u.ratingSum ?? 0)) / u.ratings) / 10 : null,
    ratings: u.ratings ?? 0,
    rides: u.rides ?? 0,
  };
}

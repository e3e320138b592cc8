/** Where a ride stands at a given moment, computed in the browser between API calls. */
import type { Location, Ride, RideStatus } from "./api";

/** Whole seconds until the unicorn reaches the pickup; 0 once it is there. */
export function secondsLeft(ride: Ride, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(ride.arrivesAt) - now) / 1000));
}

/** The API turns EN_ROUTE into ARRIVED when now >= arrivesAt; the countdown shows the same without asking. */
export function statusAt(ride: Ride, now: number): RideStatus {
  return ride.status === "EN_ROUTE" && now >= Date.parse(ride.arrivesAt) ? "ARRIVED" : ride.status;
}

export function isActive(ride: Ride): boolean {
  return ride.status === "EN_ROUTE" || ride.status === "ARRIVED";
}

/** The unicorn's place on the straight line from where it set off to the pickup, by elapsed share of the trip. */
export function unicornPosition(ride: Ride, from: Location, now: number): Location {
  const start = Date.parse(ride.requestedAt);
  const total = Date.parse(ride.arrivesAt) - start;
  const share = total <= 0 ? 1 : Math.min(1, Math.max(0, (now - start) / total));
  return {
    latitude: from.latitude + (ride.pickup.latitude - from.latitude) * share,
    longitude: from.longitude + (ride.pickup.longitude - from.longitude) * share,
  };
}

/** "1:05" for a countdown: minutes and seconds read well at every length a ride can have. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** "about 45 seconds" / "about 3 minutes": for sentences a screen reader announces once. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return s === 1 ? "about 1 second" : `about ${s} seconds`;
  return `about ${Math.round(s / 60)} minutes`;
}

export const statusLabels: Record<RideStatus, string> = {
  EN_ROUTE: "On the way",
  ARRIVED: "Arrived",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};

export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

export function formatPlace(location: Location): string {
  return `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`;
}

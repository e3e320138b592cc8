/** Where a ride stands at a given moment, from core's ride clock (the same the API uses), and how to say it. */
import { RideClock } from "@wildrydes/core/ride-clock";
import type { Location, Ride, RideStatus } from "./api";

/** Whole seconds until the unicorn reaches the pickup; 0 once it is there. */
export function secondsLeft(ride: Ride, now: number): number {
  return RideClock.secondsToArrival(ride, now);
}

/** The API derives ARRIVED from the same clock; the countdown shows it without asking. */
export function statusAt(ride: Ride, now: number): RideStatus {
  return RideClock.hasArrived(ride, now) ? "ARRIVED" : ride.status;
}

export function isActive(ride: Ride): boolean {
  return ride.status === "EN_ROUTE" || ride.status === "ARRIVED";
}

/** The unicorn's place on the straight line from where it set off to the pickup, by elapsed share of the trip. */
export function unicornPosition(ride: Ride, from: Location, now: number): Location {
  return RideClock.positionOnTheWay(ride, from, now);
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

/** Where a ride stands at a given moment, from core's ride clock (the same the API uses), and how to say it. */
import { Fares } from "@wildrydes/core/rules/fares";
import { hasUnicorn, OfferRules, RideClock } from "@wildrydes/core/rules/ride-clock";
import type { BookedRide, Location, Money, Ride, RideStatus } from "./api-client";

/** The ride as the API would answer now: core's one rule, the same the handlers apply on every read. */
export const rideAt = (ride: Ride, now: number): Ride => RideClock.rideAt(ride, now);

export { hasUnicorn };

export function isActive(ride: Ride, now: number): boolean {
  return RideClock.isActive(rideAt(ride, now).status);
}

/**
 * When the clock next changes this ride's state (the dispatch limit, arrival, end of the boarding window, dropoff),
 * or null.
 */
export function nextChangeAt(ride: Ride, now: number): number | null {
  const { status, requestedAt, arrivesAt, boardBy, dropoffAt } = rideAt(ride, now);
  if (status === "DISPATCHING") return Date.parse(OfferRules.dispatchBy(requestedAt));
  if (status === "EN_ROUTE" && arrivesAt) return Date.parse(arrivesAt);
  if (status === "ARRIVED" && boardBy) return Date.parse(boardBy);
  if (status === "IN_PROGRESS" && dropoffAt) return Date.parse(dropoffAt);
  return null;
}

/**
 * How far a ride has come by its answered state: finding a unicorn, waiting for it (ARRIVED too: never stored), on
 * board, ended.
 */
function stage(status: RideStatus): number {
  if (status === "DISPATCHING") return 0;
  if (status === "IN_PROGRESS") return 2;
  return RideClock.isActive(status) ? 1 : 3;
}

/**
 * Whether `incoming` (a pushed copy of the ride) should replace `shown`. A ride only moves forward (finding a unicorn,
 * on its way, on board, ended, then rated), and each step is a stored fact that no later answer takes back, so a copy
 * that is behind `shown` on these is older: a push overtaken by the answer to the rider's own action, say. It is
 * ignored, as is a copy of another ride. A copy at the same step is taken (it may carry the stored ending the clock had only foreseen);
 * times and clock-made states need no comparing: they follow from the stored facts and the clock.
 */
export function supersedes(incoming: Ride, shown: Ride): boolean {
  if (incoming.rideId !== shown.rideId) return false;
  const a = stage(incoming.status);
  const b = stage(shown.status);
  if (a !== b) return a > b;
  return Boolean(incoming.rating) || !shown.rating;
}

/** Whole seconds until `iso`; 0 once it has passed. */
export const secondsUntil = (iso: string, now: number) => RideClock.secondsUntil(iso, now);

/**
 * The unicorn's place: on its way to the pickup, waiting there, or flying the rider to the destination (the pickup
 * while no unicorn has accepted yet: the map shows none then).
 */
export function unicornPosition(ride: Ride, now: number): Location {
  return RideClock.unicornPosition(rideAt(ride, now), now);
}

/** What cancelling would cost right now: nothing while finding a unicorn or on its way, a fee once it has arrived. */
export function cancelFee(ride: Ride, now: number): Money {
  const amount = rideAt(ride, now).status === "ARRIVED" ? Fares.lateCancelFeeCents : 0;
  return { amount, currency: "USD" };
}

/** The boarding window's length in whole minutes (5 unless the stack says otherwise). */
export function boardingMinutes(ride: Pick<BookedRide, "arrivesAt" | "boardBy">): number {
  return Math.max(1, Math.round((Date.parse(ride.boardBy) - Date.parse(ride.arrivesAt)) / 60_000));
}

export const formatMoney = (money: Money) => Fares.format(money);

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

/** "45 s" / "3 min" / "1 h 5 min": a trip's length in a receipt or a quote. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "850 m" / "2.4 km". */
export function formatDistance(metres: number): string {
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

export const statusLabels: Record<RideStatus, string> = {
  DISPATCHING: "Finding a unicorn",
  EN_ROUTE: "On the way",
  ARRIVED: "Arrived",
  IN_PROGRESS: "On board",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
  NO_SHOW: "No-show",
};

export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

/** A point as coordinates, "47.62050, -122.34930": one format with the places' detail line. */
export { formatCoordinates as formatPlace } from "./places";

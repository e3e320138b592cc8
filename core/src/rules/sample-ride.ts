/** One ride as the API shows it, for unit tests and examples: a short hop north in downtown Seattle in 2030. */
import type { Ride } from "./api-shapes";
import { noUnicornYet } from "./ride-clock";

export const sampleRide = (over: Partial<Ride> = {}): Ride => ({
  rideId: "01JZ0000000000000000000000",
  status: "EN_ROUTE",
  pickup: { latitude: 47.61, longitude: -122.33 },
  dropoff: { latitude: 47.62, longitude: -122.33 },
  unicorn: { unicornId: "shadowfax", name: "Shadowfax", color: "White", gender: "Male" },
  unicornFrom: { latitude: 47.6, longitude: -122.33 },
  fare: { amount: 500, currency: "USD" },
  distanceMetres: 1100,
  tripSeconds: 55,
  requestedAt: "2030-01-01T10:00:00.000Z",
  arrivesAt: "2030-01-01T10:01:00.000Z",
  etaSeconds: 60,
  boardBy: "2030-01-01T10:06:00.000Z",
  ...over,
});

/** The sample ride while it waits for a crewed unicorn to accept (DISPATCHING). */
export const sampleDispatchingRide = (over: Partial<Ride> = {}): Ride =>
  sampleRide({ status: "DISPATCHING", ...noUnicornYet, ...over });

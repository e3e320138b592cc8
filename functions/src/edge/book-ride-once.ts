/** Booking a ride for either ride route (POST /rides, the workshop's POST /ride): once per Idempotency-Key, counted. */
import { RideError } from "@wildrydes/core/rules/errors";
import { type RequestOptions, Rides, type TripRequest } from "@wildrydes/core/store/rides";
import type { RiderRequest } from "./http";
import { runOncePerKey } from "./idempotency";
import { count, flushMetrics } from "./metrics";

export async function bookRideOnce(
  operation: string,
  request: RiderRequest,
  body: unknown,
  trip: TripRequest,
  options: RequestOptions = {},
) {
  const run = async () => {
    const { ride, lostRaces } = await Rides.requestRide(request.riderId, trip, options);
    count("RideRequested");
    if (lostRaces > 0) count("DispatchRetry", lostRaces);
    return ride;
  };
  try {
    return await runOncePerKey({ operation, request, body, run });
  } catch (error) {
    if (error instanceof RideError && error.code === "NO_UNICORN_AVAILABLE") count("NoUnicornAvailable");
    throw error;
  } finally {
    flushMetrics();
  }
}

/** Requesting a ride on behalf of either ride route: once per Idempotency-Key, counted in the metrics. */
import { type RequestOptions, Rides, type TripRequest } from "@wildrydes/core/rides";
import type { RiderRequest } from "./http";
import { once } from "./idempotency";
import { count } from "./observability";

export function requestRideOnce(
  operation: string,
  request: RiderRequest,
  body: unknown,
  trip: TripRequest,
  options: RequestOptions = {},
) {
  return once({
    operation,
    request,
    body,
    run: async () => {
      const { ride, lostRaces } = await Rides.requestRide(request.riderId, trip, options);
      count("RideRequested");
      if (lostRaces > 0) count("DispatchRetry", lostRaces);
      return ride;
    },
  });
}

/** POST /rides/{rideId}/cancel — cancel before boarding: free en route, a fee once the unicorn has arrived. */

import { NoOptionsBody, parseOrThrow } from "@wildrydes/core/requests";
import { Rides } from "@wildrydes/core/rides";
import { riderRoute } from "../http";
import { count, flushMetrics } from "../observability";

export const handler = riderRoute(async (request) => {
  parseOrThrow(NoOptionsBody, request.json({ emptyIs: {} }), "cancel request");
  const ride = await Rides.cancelRide(request.riderId, request.params.rideId);
  count("RideCancelled");
  flushMetrics();
  return { status: 200, body: ride };
});

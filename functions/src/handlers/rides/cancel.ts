/** POST /rides/{rideId}/cancel — cancel before boarding: free en route, a fee once the unicorn has arrived. */

import { NoOptionsBody, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { Rides } from "@wildrydes/core/store/rides";
import { riderRoute } from "../../edge/http";
import { count, flushMetrics } from "../../edge/metrics";

export const handler = riderRoute(async (request) => {
  parseOrThrow(NoOptionsBody, request.json({ emptyIs: {} }), "cancel request");
  const ride = await Rides.cancelRide(request.riderId, request.params.rideId);
  count("RideCancelled");
  flushMetrics();
  return { status: 200, body: ride };
});

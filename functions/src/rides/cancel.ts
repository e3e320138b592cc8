/** POST /rides/{rideId}/cancel — cancel before boarding: free en route, a fee once the unicorn has arrived. */
import { Rides } from "@wildrydes/core/rides";
import { NoOptionsBody, parseOrThrow } from "@wildrydes/core/schemas";
import { riderRoute } from "../http";
import { count } from "../observability";

export const handler = riderRoute(async (request) => {
  parseOrThrow(NoOptionsBody, request.json({ emptyIs: {} }), "cancel request");
  const ride = await Rides.cancelRide(request.riderId, request.params.rideId);
  count("RideCancelled");
  return { status: 200, body: ride };
});

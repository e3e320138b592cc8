/** POST /rides/{rideId}/cancel — cancel an active ride; the unicorn is free again. */
import { Rides } from "@wildrydes/core/rides";
import { CancelRideBody, parseOrThrow } from "@wildrydes/core/schemas";
import { riderRoute } from "../http";

export const handler = riderRoute(async (request) => {
  parseOrThrow(CancelRideBody, request.json({ emptyIs: {} }), "cancel request");
  return { status: 200, body: await Rides.cancelRide(request.riderId, request.params.rideId) };
});

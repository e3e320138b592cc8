/** POST /rides/{rideId}/cancel — cancel an active ride; the unicorn is free again. */
import { Rides } from "@wildrydes/core/rides";
import { parseOrThrow } from "@wildrydes/core/schemas";
import { z } from "zod";
import { riderRoute } from "../http";

/** Cancelling takes no options: an empty body or `{}`. */
const CancelRideBody = z.strictObject({});

export const handler = riderRoute(async (request) => {
  parseOrThrow(CancelRideBody, request.json({ emptyIs: {} }), "cancel request");
  return { status: 200, body: await Rides.cancelRide(request.riderId, request.params.rideId) };
});

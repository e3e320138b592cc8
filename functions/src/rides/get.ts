/** GET /rides/{rideId} — one of the rider's own rides. */
import { Rides } from "@wildrydes/core/rides";
import { riderRoute } from "../http";

export const handler = riderRoute(async (request) => ({
  status: 200,
  body: await Rides.getRide(request.riderId, request.params.rideId),
}));

/** GET /rides/{rideId} — one of the rider's own rides. */
import { Rides } from "@wildrydes/core/store/rides";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => ({
  status: 200,
  body: await Rides.getRide(request.riderId, request.params.rideId),
}));

/** POST /rides/{rideId}/rating — rate a completed ride once, 1 to 5. */

import { parseOrThrow, RatingBody } from "@wildrydes/core/rules/request-bodies";
import { Rides } from "@wildrydes/core/store/rides";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => {
  const { rating } = await parseOrThrow(RatingBody, request.json(), "rating");
  return { status: 200, body: await Rides.rateRide(request.riderId, request.params.rideId, rating) };
});

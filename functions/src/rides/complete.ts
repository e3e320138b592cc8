/** POST /rides/{rideId}/complete — finish an arrived ride, optionally rating it 1–5. */
import { Rides } from "@wildrydes/core/rides";
import { CompleteRideBody, parseOrThrow } from "@wildrydes/core/schemas";
import { riderRoute } from "../http";

export const handler = riderRoute(async (request) => {
  const { rating } = parseOrThrow(CompleteRideBody, request.json({ emptyIs: {} }), "completion");
  return { status: 200, body: await Rides.completeRide(request.riderId, request.params.rideId, rating) };
});

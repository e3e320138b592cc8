/** POST /rides/{rideId}/board — the rider is on board: the trip to the dropoff starts. */

import { NoOptionsBody, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { Rides } from "@wildrydes/core/store/rides";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => {
  await parseOrThrow(NoOptionsBody, request.json({ emptyIs: {} }), "boarding request");
  return { status: 200, body: await Rides.board(request.riderId, request.params.rideId) };
});

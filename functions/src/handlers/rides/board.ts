/** POST /rides/{rideId}/board — the rider is on board: the trip to the dropoff starts. */

import { NoOptionsBody, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { Boarding } from "@wildrydes/core/store/boarding";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => {
  await parseOrThrow(NoOptionsBody, request.json({ emptyIs: {} }), "boarding request");
  return { status: 200, body: await Boarding.board(request.riderId, request.params.rideId) };
});

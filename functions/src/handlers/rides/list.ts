/** GET /rides — the rider's own history, newest first, a page at a time. */

import { ListRidesQuery, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { Rides } from "@wildrydes/core/store/rides";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => {
  const { limit, cursor } = await parseOrThrow(ListRidesQuery, request.query, "query");
  return { status: 200, body: await Rides.listRides(request.riderId, limit, cursor) };
});

/** GET /rides — the rider's own history, newest first, a page at a time. */

import { ListRidesQuery, parseOrThrow } from "@wildrydes/core/requests";
import { Rides } from "@wildrydes/core/rides";
import { riderRoute } from "../http";

export const handler = riderRoute(async (request) => {
  const { limit, cursor } = parseOrThrow(ListRidesQuery, request.query, "query");
  return { status: 200, body: await Rides.listRides(request.riderId, limit, cursor) };
});

/** GET /rides — the rider's own history, newest first, a page at a time. */
import { Rides } from "@wildrydes/core/rides";
import { ListRidesQuery, parseOrThrow } from "@wildrydes/core/schemas";
import { riderRoute } from "../http";

export const handler = riderRoute(async (request) => {
  const { limit, cursor } = parseOrThrow(ListRidesQuery, request.query, "query");
  return { status: 200, body: await Rides.listRides(request.riderId, limit, cursor) };
});

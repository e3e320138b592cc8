/** GET /me — the rider's totals: completed rides, money charged, since when (fed by the change stream). */
import { Tallies } from "@wildrydes/core/tallies";
import { riderRoute } from "../http";

export const handler = riderRoute(async (request) => ({
  status: 200,
  body: await Tallies.riderTotals(request.riderId),
}));

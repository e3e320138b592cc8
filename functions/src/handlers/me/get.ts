/** GET /me — the rider's totals: completed rides, money charged, since when (fed by the change stream). */
import { Tallies } from "@wildrydes/core/store/tallies";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => ({
  status: 200,
  body: await Tallies.riderTotals(request.riderId),
}));

/** GET /unicorns — the fleet: who exists, where each stands, who is free. */
import { Fleet } from "@wildrydes/core/fleet";
import { riderRoute } from "../http";

export const handler = riderRoute(async () => ({ status: 200, body: { unicorns: await Fleet.roster() } }));

/** GET /unicorns — the fleet: who exists, where each stands, who is free. */
import { Fleet } from "@wildrydes/core/store/fleet";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async () => ({ status: 200, body: { unicorns: await Fleet.roster() } }));

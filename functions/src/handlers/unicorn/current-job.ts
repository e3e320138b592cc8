/** GET /unicorn/rides/current — the job the unicorn is on now, if any. */
import { Crew } from "@wildrydes/core/store/crew";
import { unicornRoute } from "../../edge/unicorn-route";

export const handler = unicornRoute(async (request) => ({ status: 200, body: await Crew.currentJob(request.unicorn) }));

/** GET /unicorn/me — the unicorn's own view: the fleet's, plus its shift and earnings. */
import { Crew } from "@wildrydes/core/store/crew";
import { unicornRoute } from "../../edge/unicorn-route";

export const handler = unicornRoute(async (request) => ({ status: 200, body: await Crew.self(request.unicorn) }));

/** GET /unicorn/rides — the unicorn's jobs, newest first, a page at a time. */
import { ListRidesQuery, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { Crew } from "@wildrydes/core/store/crew";
import { Cursor } from "@wildrydes/core/store/ride-item";
import { unicornRoute } from "../../edge/unicorn-route";

export const handler = unicornRoute(async (request) => {
  const { limit, cursor } = await parseOrThrow(ListRidesQuery, request.query, "query");
  const page = await Crew.jobs(request.unicorn, limit, cursor ? Cursor.decode(cursor) : undefined);
  return { status: 200, body: { rides: page.rides, nextCursor: page.last ? Cursor.encode(page.last) : null } };
});

/** POST /unicorn/shift — on or off shift; off keeps the current job and only stops new offers. */
import { parseOrThrow, ShiftBody } from "@wildrydes/core/rules/request-bodies";
import { Crew } from "@wildrydes/core/store/crew";
import { unicornRoute } from "../../edge/unicorn-route";

export const handler = unicornRoute(async (request) => {
  const { onShift } = await parseOrThrow(ShiftBody, request.json(), "shift");
  return { status: 200, body: await Crew.setShift(request.unicorn, onShift) };
});

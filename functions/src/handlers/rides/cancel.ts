/** POST /rides/{rideId}/cancel — cancel before boarding: free while dispatching or en route, a fee once arrived. */

import { NoOptionsBody, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { Cancellations } from "@wildrydes/core/store/cancellations";
import { riderRoute } from "../../edge/http";
import { count, flushMetrics } from "../../edge/metrics";

export const handler = riderRoute(async (request) => {
  await parseOrThrow(NoOptionsBody, request.json({ emptyIs: {} }), "cancel request");
  const { ride, callbackId } = await Cancellations.cancelRide(request.riderId, request.params.rideId);
  // A withdrawn offer: the chain stops waiting for an answer that will not come (its client loads only then).
  if (callbackId) await (await import("../../edge/offer-chain-client")).wakeOfferChain(callbackId, "withdrawn");
  count("RideCancelled");
  flushMetrics();
  return { status: 200, body: ride };
});

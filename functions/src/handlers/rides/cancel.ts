/** POST /rides/{rideId}/cancel — cancel before boarding: free while dispatching or en route, a fee once arrived. */

import { NoOptionsBody, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { Rides } from "@wildrydes/core/store/rides";
import { riderRoute } from "../../edge/http";
import { count, flushMetrics } from "../../edge/metrics";
import { wakeOfferChain } from "../../edge/offer-chain-client";

export const handler = riderRoute(async (request) => {
  await parseOrThrow(NoOptionsBody, request.json({ emptyIs: {} }), "cancel request");
  const { ride, callbackId } = await Rides.cancelRide(request.riderId, request.params.rideId);
  // A withdrawn offer: the chain stops waiting for an answer that will not come.
  await wakeOfferChain(callbackId, "withdrawn");
  count("RideCancelled");
  flushMetrics();
  return { status: 200, body: ride };
});

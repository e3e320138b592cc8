/** POST /unicorn/offers/{offerId}/accept — the ride is this unicorn's, EN_ROUTE from now; the chain is told. */
import { NoOptionsBody, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { OfferAnswers } from "@wildrydes/core/store/offer-answers";
import { count, flushMetrics } from "../../edge/metrics";
import { wakeOfferChain } from "../../edge/offer-chain-client";
import { unicornRoute } from "../../edge/unicorn-route";

export const handler = unicornRoute(async (request) => {
  await parseOrThrow(NoOptionsBody, request.json({ emptyIs: {} }), "accept");
  const { answer, callbackId } = await OfferAnswers.accept(request.unicorn, request.params.offerId);
  await wakeOfferChain(callbackId, "accepted");
  count("OfferAccepted");
  flushMetrics();
  return { status: 200, body: answer };
});

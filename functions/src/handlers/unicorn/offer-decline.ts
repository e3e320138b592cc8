/** POST /unicorn/offers/{offerId}/decline — the chain offers the ride to the next nearest free unicorn at once. */
import { NoOptionsBody, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { OfferAnswers } from "@wildrydes/core/store/offer-answers";
import { count, flushMetrics } from "../../edge/metrics";
import { wakeOfferChain } from "../../edge/offer-chain-client";
import { unicornRoute } from "../../edge/unicorn-route";

export const handler = unicornRoute(async (request) => {
  await parseOrThrow(NoOptionsBody, request.json({ emptyIs: {} }), "decline");
  const { answer, callbackId } = await OfferAnswers.decline(request.unicorn, request.params.offerId);
  await wakeOfferChain(callbackId, "declined");
  count("OfferDeclined");
  flushMetrics();
  return { status: 200, body: answer };
});

/** GET /unicorn/offers/current — the unicorn's open offer, if any (read once on each live reconnect). */
import { OfferAnswers } from "@wildrydes/core/store/offer-answers";
import { unicornRoute } from "../../edge/unicorn-route";

export const handler = unicornRoute(async (request) => ({
  status: 200,
  body: await OfferAnswers.current(request.unicorn),
}));

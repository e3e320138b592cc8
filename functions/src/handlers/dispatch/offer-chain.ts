/**
 * The offer chain (docs/decisions/0019): a Lambda durable function. Each round opens an offer (or books a bot, or
 * gives the ride up), waits for the unicorn's answer on a callback that times out when the offer expires, then closes
 * an unanswered offer. The steps are core's (store/offer-chain.ts), each one conditional transaction; this only
 * sequences them, so a replay or a retried step changes nothing twice. At most three offers, then the ride is given up.
 */
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { answerName, type ChainRef, chainRounds, OfferChain } from "@wildrydes/core/store/offer-chain";

export const handler = withDurableExecution(async (ride: ChainRef, ctx) => {
  // One round more than offers: the last `next` finds the limit reached and gives the ride up.
  for (let round = 1; round <= chainRounds; round++) {
    const step = await ctx.step(`offer-${round}`, () => OfferChain.next(ride));
    if (step.kind === "ended") return step;
    const { offer } = step;
    const seconds = Math.max(1, Math.ceil((Date.parse(offer.expiresAt) - Date.now()) / 1000));
    const [answer, callbackId] = await ctx.createCallback<string>(answerName(round), { timeout: { seconds } });
    const listening = await ctx.step(`listen-${round}`, () => OfferChain.listen(offer, callbackId));
    // Answered before we listened: nothing will call back, and the table already says what happened.
    if (listening) await answer.catch(() => "timed out");
    await ctx.step(`close-${round}`, () => OfferChain.close(offer));
  }
  // Not reached (round maxOffers + 1 gives up), but if it were, the ride's state is the answer.
  return ctx.step("last", () => OfferChain.next(ride));
});

/** POST /quotes — the upfront fare of a trip, and how soon the nearest free unicorn could be there. */

import { parseOrThrow, QuoteBody } from "@wildrydes/core/rules/request-bodies";
import { Quotes } from "@wildrydes/core/store/quotes";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => {
  const { pickup, dropoff } = await parseOrThrow(QuoteBody, request.json(), "quote request");
  return { status: 201, body: await Quotes.create(request.riderId, pickup, dropoff) };
});

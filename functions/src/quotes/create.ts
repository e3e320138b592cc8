/** POST /quotes — the upfront fare of a trip, and how soon the nearest free unicorn could be there. */
import { Quotes } from "@wildrydes/core/quotes";
import { parseOrThrow, QuoteBody } from "@wildrydes/core/requests";
import { riderRoute } from "../http";

export const handler = riderRoute(async (request) => {
  const { pickup, dropoff } = parseOrThrow(QuoteBody, request.json(), "quote request");
  return { status: 201, body: await Quotes.create(request.riderId, pickup, dropoff) };
});

/** POST /rides — request a unicorn for a quoted trip or a pickup and dropoff (`Idempotency-Key` makes retries safe). */
import { parseOrThrow, RequestRideBody } from "@wildrydes/core/rules/request-bodies";
import { bookRideOnce } from "../../edge/book-ride-once";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => {
  const body = await parseOrThrow(RequestRideBody, request.json(), "ride request");
  return { status: 201, body: await bookRideOnce("rides", request, body, body) };
});

/** POST /rides — request a unicorn for a quoted trip or a pickup and dropoff (`Idempotency-Key` makes retries safe). */
import { parseOrThrow, RequestRideBody } from "@wildrydes/core/requests";
import { riderRoute } from "../http";
import { requestRideOnce } from "../request-ride";

export const handler = riderRoute(async (request) => {
  const body = parseOrThrow(RequestRideBody, request.json(), "ride request");
  return { status: 201, body: await requestRideOnce("rides", request, body, body) };
});

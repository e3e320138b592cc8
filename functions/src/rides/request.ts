/** POST /rides — request a unicorn to a pickup point. */
import { Rides } from "@wildrydes/core/rides";
import { parseOrThrow, RequestRideBody } from "@wildrydes/core/schemas";
import { riderRoute } from "../http";

export const handler = riderRoute(async (request) => {
  const { pickup } = parseOrThrow(RequestRideBody, request.json(), "ride request");
  return { status: 201, body: await Rides.requestRide(request.riderId, pickup) };
});

/**
 * POST /ride — the original Wild Rydes workshop's contract, so its front end works unchanged: PascalCase in and
 * out, a human ETA, the rider's username.
 */
import { hasUnicorn } from "@wildrydes/core/rules/api-shapes";
import { parseOrThrow, WorkshopRideBody } from "@wildrydes/core/rules/request-bodies";
import { bookRideOnce } from "../../edge/book-ride-once";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => {
  const body = await parseOrThrow(WorkshopRideBody, request.json(), "ride request");
  const pickup = { latitude: body.PickupLocation.Latitude, longitude: body.PickupLocation.Longitude };
  // The workshop has no destination: its ride ends when the unicorn arrives.
  const ride = await bookRideOnce("ride", request, body, { pickup, dropoff: pickup }, { endsOnArrival: true });
  // The workshop's ride books only bots (its contract has no pending state), so it always has its unicorn.
  if (!hasUnicorn(ride)) throw new Error(`workshop ride ${ride.rideId} has no unicorn (${ride.status})`);
  const { name, color, gender } = ride.unicorn;
  return {
    status: 201,
    body: {
      RideId: ride.rideId,
      Unicorn: { Name: name, Color: color, Gender: gender },
      UnicornName: name,
      Eta: `${ride.etaSeconds} seconds`,
      Rider: request.username,
    },
  };
});

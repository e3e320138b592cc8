/** GET /rides/current — the rider's active ride, if any (every tab resumes it from here). */
import { Rides } from "@wildrydes/core/rides";
import { riderRoute } from "../http";

export const handler = riderRoute(async (request) => ({ status: 200, body: await Rides.currentRide(request.riderId) }));

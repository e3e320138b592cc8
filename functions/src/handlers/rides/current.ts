/** GET /rides/current — the rider's active ride, if any (every tab resumes it from here). */
import { Rides } from "@wildrydes/core/store/rides";
import { riderRoute } from "../../edge/http";

export const handler = riderRoute(async (request) => ({ status: 200, body: await Rides.currentRide(request.riderId) }));

/** Booking a ride for either ride route (POST /rides, the workshop's POST /ride): once per Idempotency-Key, counted. */
import { RideError } from "@wildrydes/core/rules/errors";
import type { ChainRef } from "@wildrydes/core/store/offer-chain";
import { type RequestOptions, RideRequests, type TripRequest } from "@wildrydes/core/store/ride-requests";
import type { RiderRequest } from "./http";
import { runOncePerKey } from "./idempotency";
import { logger } from "./logger";
import { count, flushMetrics } from "./metrics";

/**
 * The ride is stored DISPATCHING with its first offer open whatever happens here: if the chain cannot start, the
 * unicorn may still accept, and the sweep's backstop ends the ride at its limit. So log it, count it, answer 201.
 */
async function startChain(chain: ChainRef) {
  try {
    // Loaded only for a crewed unicorn's ride: a bot's booking never signs a request to Lambda.
    const { startOfferChain } = await import("./offer-chain-client");
    await startOfferChain(chain);
  } catch (error) {
    count("OfferChainNotStarted");
    (await logger()).error("offer chain not started", { error: error as Error, rideId: chain.rideId });
  }
}

export async function bookRideOnce(
  operation: string,
  request: RiderRequest,
  body: unknown,
  trip: TripRequest,
  options: RequestOptions = {},
) {
  const run = async () => {
    const { ride, lostRaces, chain } = await RideRequests.requestRide(request.riderId, trip, options);
    count("RideRequested");
    if (lostRaces > 0) count("DispatchRetry", lostRaces);
    if (chain) await startChain(chain);
    return ride;
  };
  try {
    return await runOncePerKey({ operation, request, body, run });
  } catch (error) {
    if (error instanceof RideError && error.code === "NO_UNICORN_AVAILABLE") count("NoUnicornAvailable");
    throw error;
  } finally {
    flushMetrics();
  }
}

/**
 * A crewed unicorn's side of the API (v3, "Unicorn routes"), for integration tests: every call answers with its
 * status for assertions, plus waits for an offer to arrive; and `eventually`, polling for a state the system reaches
 * on its own (the offer chain runs in the background) instead of sleeping a guessed time.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Offer, Ride, UnicornSelf } from "@wildrydes/core/rules/api-shapes";
import { type ApiSide, apiClient, type RidePage } from "./rider-api";

/**
 * Polls `probe` every `intervalMs` until it returns something other than undefined/null/false, and returns that;
 * throws naming `what` after `timeoutMs`.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  o: { what: string; timeoutMs?: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 5000);
  for (;;) {
    const found = await probe();
    if (found !== undefined && found !== null && found !== false) return found;
    if (Date.now() >= deadline) throw new Error(`${o.what}: not seen within ${o.timeoutMs ?? 5000} ms`);
    await sleep(o.intervalMs ?? 100);
  }
}

export function crewApi(side: ApiSide, token: string) {
  const call = apiClient(side);
  const api = {
    token,
    me: () => call<UnicornSelf>("GET", "/unicorn/me", { token }),
    shift: (onShift: boolean) => call<UnicornSelf>("POST", "/unicorn/shift", { token, body: { onShift } }),
    /** The unicorn's OPEN offer (200), or 404. */
    currentOffer: () => call<Offer>("GET", "/unicorn/offers/current", { token }),
    /** 200 with the Ride (EN_ROUTE), or an error body (typed loosely: tests check either). */
    accept: (offerId: string) => call("POST", `/unicorn/offers/${encodeURIComponent(offerId)}/accept`, { token }),
    /** 200 with the Offer (DECLINED), or an error body. */
    decline: (offerId: string) => call("POST", `/unicorn/offers/${encodeURIComponent(offerId)}/decline`, { token }),
    currentJob: () => call<Ride>("GET", "/unicorn/rides/current", { token }),
    jobs: (query = "") => call<RidePage>("GET", `/unicorn/rides${query}`, { token }),
    /** Waits for an OPEN offer (of ride `rideId`, when given) and returns it. */
    nextOffer: (rideId?: string, timeoutMs = 5000) =>
      eventually(
        async () => {
          const answer = await api.currentOffer();
          return answer.status === 200 && (rideId === undefined || answer.body.rideId === rideId) && answer.body;
        },
        { what: `an open offer${rideId ? ` of ride ${rideId}` : ""}`, timeoutMs },
      ),
  };
  return api;
}

export type CrewApi = ReturnType<typeof crewApi>;

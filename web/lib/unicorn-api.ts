/**
 * The unicorn's side of the API (docs/api.md, "Unicorn routes"): a crew's own unicorn, its shift, its offers, its
 * jobs. Apart from lib/api-client.ts so that only the unicorn's page carries it. An account outside the `unicorns`
 * group, or in it but linked to no unicorn, is refused with 403 FORBIDDEN.
 */
import { ApiProblem, call, type Offer, type Ride, type RidePage, type UnicornSelf } from "./api-client";

/** The crew's unicorn as the fleet sees it, with its shift and earnings. */
export function unicornSelf(): Promise<UnicornSelf> {
  return call<UnicornSelf>("GET", "/unicorn/me");
}

/** On or off shift; off keeps the current job and only stops new offers. Answers the unicorn as it now stands. */
export function setShift(onShift: boolean): Promise<UnicornSelf> {
  return call<UnicornSelf>("POST", "/unicorn/shift", { onShift });
}

/** The unicorn's jobs, newest first, a page at a time. */
export function listJobs(limit: number, cursor?: string | null): Promise<RidePage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  return call<RidePage>("GET", `/unicorn/rides?${query}`);
}

/** The job the unicorn is on now, or null when it has none (the API's 404). */
export async function currentJob(): Promise<Ride | null> {
  try {
    return await call<Ride>("GET", "/unicorn/rides/current");
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}

/** The unicorn's open offer, or null when it has none (the API's 404). */
export async function currentOffer(): Promise<Offer | null> {
  try {
    return await call<Offer>("GET", "/unicorn/offers/current");
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}

/** Takes the offered ride: answers it EN_ROUTE with this unicorn; 409 OFFER_CLOSED once the offer has ended. */
export function acceptOffer(offerId: string): Promise<Ride> {
  return call<Ride>("POST", `/unicorn/offers/${encodeURIComponent(offerId)}/accept`);
}

/** Turns the offer down (it goes to the next unicorn); the same 409 once it has ended. */
export function declineOffer(offerId: string): Promise<Offer> {
  return call<Offer>("POST", `/unicorn/offers/${encodeURIComponent(offerId)}/decline`);
}

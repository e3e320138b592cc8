/**
 * The unicorn's side of the API (docs/api.md, "Unicorn routes"): a crew's own unicorn, its shift, its offers, its
 * jobs. Apart from lib/api-client.ts so that only the unicorn's page carries it. An account outside the `unicorns`
 * group, or in it but linked to no unicorn, is refused with 403 FORBIDDEN.
 */
import { OfferRules, RideClock } from "@wildrydes/core/rules/ride-clock";
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

/** The newest jobs looked through for the one under way (fewer than the jobs list's page, so the reads are told apart). */
export const jobsToCheck = 5;

/**
 * The job the unicorn is on now, or null. Found among its newest jobs (GET /unicorn/rides) rather than asked of GET
 * /unicorn/rides/current, whose 404 for "no job" the browser logs as an error on every visit. Jobs are listed by when
 * they were requested, so a job under way can sit behind newer ones, but only behind jobs requested within its dispatch
 * window and ended before it was accepted: when the page read cannot rule that out, GET /unicorn/rides/current says.
 */
export async function currentJob(now = Date.now()): Promise<Ride | null> {
  const { rides, nextCursor } = await listJobs(jobsToCheck);
  const active = rides.find((ride) => RideClock.isActive(RideClock.statusAt(ride, now)));
  if (active) return active;
  const span = Date.parse(rides[0]?.requestedAt ?? "") - Date.parse(rides.at(-1)?.requestedAt ?? "");
  if (!nextCursor || span > OfferRules.dispatchSeconds * 1000) return null;
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

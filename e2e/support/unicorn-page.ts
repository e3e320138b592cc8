/** The unicorn's page (/unicorn/) as a crew meets it: the demo crews `npm start` makes, and the page's parts. */
import type { Page } from "@playwright/test";
import type { Location } from "@wildrydes/core/rules/geo";
import type { DemoAccount } from "@wildrydes/local/cognito/demo-accounts";
import type { Endpoints } from "@wildrydes/local/stack";
import { apiClient, nearby } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { seedSession } from "./session";

export type Crew = DemoAccount & { unicornId: string };

/**
 * A demo crew of the e2e stack. Tests that change a unicorn (its shift) each take their own, so tests in parallel
 * never see each other's changes: 0 goes on and off shift, the others only read.
 */
export function demoCrew(endpoints: Endpoints, index: 0 | 1 | 2): Crew {
  const crew = endpoints.demoAccounts?.unicorns[index];
  if (!crew) throw new Error(`the e2e stack has no demo unicorn account ${index} (endpoints.demoAccounts)`);
  return crew;
}

/** Opens the site signed in as the crew, without the form (where signing in is not what the test is about). */
export async function signInCrew(page: Page, endpoints: Endpoints, crew: Crew) {
  await seedSession(page, endpoints, crew.email, await signInDemo(endpoints, crew));
}

/** GET /unicorn/me as the crew, straight from the API: what the page shows must agree with it. */
/** A demo unicorn account and its own view, read through the API. */
export async function demoUnicorn(endpoints: Endpoints, index: 0 | 1 | 2) {
  const crew = demoCrew(endpoints, index);
  return { crew, me: await unicornMe(endpoints, crew) };
}

export async function unicornMe(endpoints: Endpoints, crew: Crew) {
  const { accessToken } = await signInDemo(endpoints, crew);
  return (await apiClient(endpoints)("GET", "/unicorn/me", { token: accessToken })).body as {
    name: string;
    color: string;
    onShift: boolean;
  };
}

export const shiftSwitch = (page: Page) => page.getByRole("button", { name: "On shift" });
export const shiftState = (page: Page) => page.locator("#shift-state");
export const jobPanel = (page: Page) => page.getByRole("region", { name: "Current job" });
export const jobNews = (page: Page) => jobPanel(page).getByRole("status");
export const jobsList = (page: Page) => page.getByRole("region", { name: "Your jobs" });

export const pikePlace: Location = { latitude: 47.6097, longitude: -122.3422 };
export const spaceNeedle: Location = { latitude: 47.6205, longitude: -122.3493 };

/**
 * An active job of the crew's unicorn as GET /unicorn/rides/current answers it: on its way from a kilometre south to
 * Pike Place Market, for the Space Needle. No rider can book a crewed unicorn yet (offers come later), so tests that
 * show a job answer for the API.
 */
export function jobOnItsWay(unicorn: { unicornId: string; name: string; color: string }) {
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  return {
    rideId: "01JZ0000000000000000000001",
    status: "EN_ROUTE",
    pickup: pikePlace,
    dropoff: spaceNeedle,
    unicorn: { ...unicorn, gender: "Female" },
    unicornFrom: nearby(pikePlace, -1_000),
    fare: { amount: 1234, currency: "USD" },
    distanceMetres: 1_316,
    tripSeconds: 66,
    requestedAt: at(-5_000),
    arrivesAt: at(120_000),
    etaSeconds: 125,
    boardBy: at(420_000),
  };
}

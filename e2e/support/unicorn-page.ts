/** The unicorn's page (/unicorn/) as a crew meets it: the demo crews `npm start` makes, and the page's parts. */
import { expect, type Page } from "@playwright/test";
import { Geo, type Location } from "@wildrydes/core/rules/geo";
import type { DemoAccount } from "@wildrydes/local/cognito/demo-accounts";
import type { Endpoints } from "@wildrydes/local/stack";
import { crewApi } from "@wildrydes/testing/crew-api";
import { apiClient, nearby, type RiderApi } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { liveStatus, liveWords } from "./live";
import { seedSession } from "./session";

export type Crew = DemoAccount & { unicornId: string };

/**
 * A demo crew of the e2e stack. Tests that change a unicorn (its shift, its jobs) each take their own, on a stack of
 * their worker's own (fixtures.ts, `useOwnStack`), so neither tests alongside nor other specs' rides see the change:
 * unicorn.spec.ts puts 0 and 1 on shift and off, offers.spec.ts has 2 take offers. On the shared stack crews only read.
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
export const jobHeading = (page: Page) => jobPanel(page).getByRole("heading", { name: "Current job" });

/** An open ride offer (components/OfferCard.tsx): a region named by its heading. */
export const offerCard = (page: Page) => page.getByRole("region", { name: "New ride offer" });
/** Where the card was, once it has gone: why it went (lib/offer-card.ts, `offerEndings`). */
export const offerNews = (page: Page) => page.locator(".offer__news");
/** What the page says at once about offers (OfferSlot's assertive region): one arriving, and why one left. */
export const offerAnnouncer = (page: Page) => page.getByRole("main").locator('[aria-live="assertive"]');

/**
 * Goes on shift with the switch and waits until the unicorn's live channel listens ("Live updates on" beside it), so
 * an offer is pushed to the page the moment it opens.
 */
export async function goOnShift(page: Page) {
  await expect(shiftSwitch(page)).toHaveAttribute("aria-pressed", "false");
  await shiftSwitch(page).click();
  await expect(shiftSwitch(page)).toHaveAttribute("aria-pressed", "true");
  await expect(liveStatus(page)).toHaveText(liveWords.on);
}

/** The crew's side of the API (testing/crew-api.ts), signed in: for putting a crew back as a test found it. */
export async function crewCalls(endpoints: Endpoints, crew: Crew) {
  return crewApi(endpoints, (await signInDemo(endpoints, crew)).accessToken);
}

/**
 * A pickup `metres` south of where the unicorn stands once GET /unicorns has it free (a crewed one only while on
 * shift), checked to be nearer to it than to any other free unicorn: a request there goes to it first, and it has a
 * few seconds' flight to the pickup.
 */
export async function pickupNear(api: RiderApi, unicornId: string, metres = 400): Promise<Location> {
  let fleet: Awaited<ReturnType<RiderApi["unicorns"]>> = [];
  await expect
    .poll(
      async () => {
        fleet = (await api.unicorns()).filter((u) => u.available);
        return fleet.some((u) => u.unicornId === unicornId);
      },
      { message: `${unicornId} free in GET /unicorns` },
    )
    .toBe(true);
  const ours = fleet.find((u) => u.unicornId === unicornId);
  if (!ours) throw new Error("unreachable");
  const pickup = nearby(ours.location, -metres);
  const nearest = fleet.reduce((a, b) =>
    Geo.distanceMetres(a.location, pickup) <= Geo.distanceMetres(b.location, pickup) ? a : b,
  );
  expect(nearest.unicornId, `the nearest free unicorn to ${JSON.stringify(pickup)}`).toBe(unicornId);
  return pickup;
}

export const pikePlace: Location = { latitude: 47.6097, longitude: -122.3422 };
export const spaceNeedle: Location = { latitude: 47.6205, longitude: -122.3493 };

/**
 * The page's read of the job under way (web/lib/unicorn-api.ts `currentJob`): its newest few jobs, GET
 * /unicorn/rides?limit=5, which a test answers with `{ rides: [job], nextCursor: null }` to show a job.
 */
export const currentJobRead = (url: URL) =>
  url.pathname.endsWith("/unicorn/rides") && url.searchParams.get("limit") === "5";

/**
 * An active job of the crew's unicorn as the API answers it: on its way from a kilometre south to
 * Pike Place Market, for the Space Needle. For tests that show a job without a rider booking one (offers.spec.ts
 * books one for real, on a stack of its own).
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

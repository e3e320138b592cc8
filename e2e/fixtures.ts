/**
 * The e2e fixtures: the local stack's endpoints, a fresh rider per test (so tests run in parallel), the ride page
 * opened by that rider, more pages in browser contexts of their own (a second person), and a guard that fails the
 * test if any of its pages tries to reach anything but this machine. `useOwnStack()` moves a file or a describe onto
 * a stack of its worker's own, for tests whose changes would reach other specs' rides on the shared one.
 */
import { type BrowserContext, type BrowserContextOptions, test as base, expect, type Page } from "@playwright/test";
import type { Tokens } from "@wildrydes/local/cognito/accounts";
import type { Endpoints, Stack } from "@wildrydes/local/stack";
import { newRider, password, uniqueEmail } from "@wildrydes/testing/rider-accounts";
import { type RiderApi, riderApi } from "@wildrydes/testing/rider-api";
import { openRidePage } from "./support/ride-page";
import { seedSession } from "./support/session";

export interface NewRider {
  email: string;
  password: string;
}

/** A confirmed rider made through the Cognito API (about 50 ms), with tokens and an API client of its own. */
export interface Account extends NewRider {
  tokens: Tokens;
  api: RiderApi;
  /** Opens the site already signed in as this rider (optionally with doctored tokens). */
  signIn: (page: Page, tokens?: Tokens) => Promise<void>;
}

interface Fixtures {
  endpoints: Endpoints;
  /**
   * Opens a page in a new browser context (its own storage: another person at another device), on this test's site,
   * with the options given (e.g. a screen of support/ride-page.ts). Closed, and checked to have stayed on this
   * machine, when the test ends.
   */
  newPage: (options?: BrowserContextOptions) => Promise<Page>;
  rider: NewRider;
  account: Account;
  /** The ride page, opened by the `account` rider, signed in, with the map drawn: where most ride journeys begin. */
  ridePage: Page;
  // biome-ignore lint/suspicious/noConfusingVoidType: an auto fixture that provides nothing is typed void in Playwright.
  onlyThisMachine: void;
}

interface WorkerFixtures {
  /**
   * A whole local stack of this worker's own, serving the shared run's web build (it holds no ports: the browser
   * calls `/api`, `/cognito` and `/event` on the site's origin, which this stack's web server routes to itself).
   * Started when a test first asks for it (`useOwnStack`), stopped with the worker. One per worker process at most:
   * the handlers run in this process and keep their store client, pointed at the first stack, for the process's life.
   */
  ownStack: Stack;
}

/** Turns the guard on for a page: requests that try to leave 127.0.0.1 are blocked and recorded in `escaped`. */
async function keepOnThisMachine(target: Page | BrowserContext, escaped: string[]) {
  await target.route(
    (url) => !["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol !== "data:",
    async (route) => {
      escaped.push(route.request().url());
      await route.abort("blockedbyclient");
    },
  );
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  ownStack: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const root = process.env.E2E_WEB_ROOT;
      if (!root) throw new Error("E2E_WEB_ROOT is not set: run the tests through e2e/playwright.config.ts");
      // Imported here, so workers that never need a stack of their own never load one.
      const { startStack } = await import("@wildrydes/local/stack");
      const stack = await startStack({ web: { root }, sweepEverySeconds: 2 });
      await use(stack);
      await stack.stop();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  endpoints: async ({}, use) => {
    await use(JSON.parse(process.env.E2E_ENDPOINTS ?? "{}") as Endpoints);
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  rider: async ({}, use) => {
    await use({ email: uniqueEmail(), password });
  },
  account: async ({ endpoints }, use) => {
    const { email, accessToken, idToken, refreshToken } = await newRider(endpoints);
    const tokens = { accessToken, idToken, refreshToken };
    await use({
      email,
      password,
      tokens,
      api: riderApi(endpoints, accessToken),
      signIn: (page, seeded = tokens) => seedSession(page, endpoints, email, seeded),
    });
  },
  ridePage: async ({ page, account }, use) => {
    await openRidePage(page, account);
    await use(page);
  },
  newPage: async ({ browser, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    const escaped: string[] = [];
    await use(async (options = {}) => {
      const context = await browser.newContext({ baseURL, ...options });
      contexts.push(context);
      await keepOnThisMachine(context, escaped);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
    expect(escaped, "requests that tried to leave 127.0.0.1 (other pages)").toEqual([]);
  },
  onlyThisMachine: [
    async ({ page }, use) => {
      const escaped: string[] = [];
      await keepOnThisMachine(page, escaped);
      await use();
      expect(escaped, "requests that tried to leave 127.0.0.1").toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * Runs the tests of this file (or of the describe it is called in) on the worker's own stack (`ownStack`): their
 * riders, demo crews and pages all use it, so what they change (a crewed unicorn on shift, which makes a nearby
 * request wait for that crew's answer) never reaches the specs sharing the run's stack, nor theirs it.
 */
export function useOwnStack() {
  test.use({
    endpoints: async ({ ownStack }, use) => use(ownStack.endpoints),
    baseURL: async ({ ownStack }, use) => use(ownStack.endpoints.webUrl ?? undefined),
  });
}

export { expect };

/**
 * The e2e fixtures: the local stack's endpoints, a fresh rider per test (so tests run in parallel), the ride page
 * opened by that rider, and a guard that fails the test if the page tries to reach anything but this machine.
 */
import { test as base, expect, type Page } from "@playwright/test";
import type { Tokens } from "@wildrydes/local/cognito/accounts";
import type { Endpoints } from "@wildrydes/local/stack";
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
  rider: NewRider;
  account: Account;
  /** The ride page, opened by the `account` rider, signed in, with the map drawn: where most ride journeys begin. */
  ridePage: Page;
  // biome-ignore lint/suspicious/noConfusingVoidType: an auto fixture that provides nothing is typed void in Playwright.
  onlyThisMachine: void;
}

export const test = base.extend<Fixtures>({
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
  onlyThisMachine: [
    async ({ page }, use) => {
      const escaped: string[] = [];
      await page.route(
        (url) => !["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol !== "data:",
        async (route) => {
          escaped.push(route.request().url());
          await route.abort("blockedbyclient");
        },
      );
      await use();
      expect(escaped, "requests that tried to leave 127.0.0.1").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * The e2e fixtures: the local stack's endpoints, a fresh rider per test (so tests run in parallel), and a guard
 * that fails the test if the page tries to reach anything but this machine.
 */
import { randomUUID } from "node:crypto";
import { test as base, expect } from "@playwright/test";
import type { Endpoints } from "@wildrydes/local/stack";

export interface NewRider {
  email: string;
  password: string;
}

export const test = base.extend<{ endpoints: Endpoints; rider: NewRider; onlyThisMachine: void }>({
  endpoints: async ({}, use) => {
    await use(JSON.parse(process.env.E2E_ENDPOINTS ?? "{}") as Endpoints);
  },
  rider: async ({}, use) => {
    await use({ email: `rider-${randomUUID().slice(0, 8)}@example.com`, password: "Unicorn-Rides-2026" });
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

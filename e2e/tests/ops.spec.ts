/**
 * The operator's dashboard (issue 23): the demo operator signs in and lands on /ops/, reads the charts, the totals,
 * the unicorns (sorted by keyboard) and the pickups, changes the range, and meets the empty and failing answers; a
 * rider is told the page is for operators and a signed-out visitor is sent to sign in; axe at both sizes.
 * GET /ops/metrics is answered in the browser (page.route), from the contract: the endpoint is built alongside.
 */
import type { Page, Route } from "@playwright/test";
import type { OpsMetrics } from "@wildrydes/core/rules/api-shapes";
import type { Endpoints } from "@wildrydes/local/stack";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { expect, test } from "../fixtures";
import { expectNoViolations } from "../support/axe";
import { seedSession } from "../support/session";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The demo operator `npm start` makes (local/src/cognito/demo-accounts.ts). */
function demoOperator(endpoints: Endpoints) {
  const operator = endpoints.demoAccounts?.operator;
  if (!operator) throw new Error("the e2e stack has no demo operator account (endpoints.demoAccounts)");
  return operator;
}

async function signInOperator(page: Page, endpoints: Endpoints) {
  const operator = demoOperator(endpoints);
  await seedSession(page, endpoints, operator.email, await signInDemo(endpoints, operator));
}

const usd = (amount: number) => ({ amount, currency: "USD" as const });

/**
 * An answer of GET /ops/metrics as the contract has it, for the asked range and bucket: every bucket, a busy afternoon,
 * and the last hour with rides still requested.
 */
function answerFor(url: URL, { empty = false } = {}): OpsMetrics {
  const to = new Date(url.searchParams.get("to") ?? Date.now());
  const from = new Date(url.searchParams.get("from") ?? to.getTime() - DAY);
  const bucket = url.searchParams.get("bucket") === "day" ? "day" : "hour";
  const step = bucket === "hour" ? HOUR : DAY;
  const series: OpsMetrics["series"] = [];
  for (let t = Math.floor(from.getTime() / step) * step, i = 0; t < to.getTime(); t += step, i++) {
    const requested = empty ? 0 : 4 + (i % 6);
    const completed = empty ? 0 : requested - 2;
    series.push({
      start: new Date(t).toISOString(),
      requested,
      completed,
      cancelled: empty ? 0 : 1,
      noShows: empty ? 0 : i % 2,
      revenue: usd(completed * 1250),
      pickupWaitSeconds: empty ? { p50: null, p90: null } : { p50: 120 + i, p90: 300 + 2 * i },
    });
  }
  const sum = (key: "requested" | "completed" | "cancelled" | "noShows") => series.reduce((s, p) => s + p[key], 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    series,
    totals: {
      requested: sum("requested"),
      completed: sum("completed"),
      cancelled: sum("cancelled"),
      noShows: sum("noShows"),
      revenue: usd(series.reduce((s, p) => s + p.revenue.amount, 0)),
    },
    unicorns: empty
      ? []
      : [
          { unicornId: "shadowfax", rides: 12, revenue: usd(15_000), busySeconds: 7_200 },
          { unicornId: "bucephalus", rides: 30, revenue: usd(9_000), busySeconds: 3_600 },
          { unicornId: "rocinante", rides: 7, revenue: usd(21_000), busySeconds: 5_400 },
        ],
    pickups: empty
      ? []
      : [
          { cell: "c23nb6", latitude: 47.6097, longitude: -122.3422, rides: 31 },
          { cell: "c23nb9", latitude: 47.6205, longitude: -122.3493, rides: 12 },
          { cell: "c23nb3", latitude: 47.6018, longitude: -122.3319, rides: 4 },
        ],
    // With nothing stored, the API answers `from` (docs/api.md).
    asOf: empty ? from.toISOString() : new Date(to.getTime() - 42_000).toISOString(),
  };
}

type Answer = (url: URL) => { status: number; body: unknown };

/** Answers GET /ops/metrics with `answer`; returns the URLs asked, in order. */
async function arrangeMetrics(page: Page, endpoints: Endpoints, answer: Answer = (url) => ok(url)) {
  const asked: URL[] = [];
  const path = `${new URL(endpoints.siteApiUrl ?? "").pathname}/ops/metrics`;
  let current = answer;
  await page.route(
    (url) => url.pathname === path,
    async (route: Route) => {
      const url = new URL(route.request().url());
      asked.push(url);
      const { status, body } = current(url);
      await route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });
    },
  );
  return { asked, answerWith: (next: Answer) => (current = next) };
}

const ok = (url: URL) => ({ status: 200, body: answerFor(url) });
const spanOf = (url: URL) =>
  Date.parse(url.searchParams.get("to") ?? "") - Date.parse(url.searchParams.get("from") ?? "");

const chart = (page: Page, name: string) => page.getByRole("group", { name: `${name}, chart` });
const unicorns = (page: Page) => page.getByRole("region", { name: "Unicorns", exact: true });

test("the demo operator signs in, lands on the dashboard and reads its charts, tables and map", async ({
  page,
  endpoints,
}) => {
  const { asked } = await arrangeMetrics(page, endpoints);
  const operator = demoOperator(endpoints);
  await page.goto("/signin/");
  await page.getByRole("textbox", { name: "Email" }).fill(operator.email);
  await page.getByLabel("Password").fill(operator.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/ops\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Operations");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(page.getByText(/^Data as of /)).toBeVisible();

  // The last 24 hours by the hour, as the API's query.
  expect(asked[0]?.searchParams.get("bucket")).toBe("hour");
  expect(spanOf(asked[0] as URL)).toBe(DAY);
  const answer = answerFor(asked[0] as URL);

  // Totals as big numbers.
  const totals = page.getByRole("region", { name: "Totals" });
  await expect(totals.getByRole("definition").first()).toHaveText(String(answer.totals.requested));

  // Each chart drawn (uPlot's canvas), with its figures as a table for screen readers; one shown on request.
  for (const name of ["Rides per hour", "Revenue per hour", "Pickup wait"]) {
    await expect(chart(page, name).locator("canvas").first()).toBeVisible();
  }
  const ridesTable = page.getByRole("table", { name: "Rides per hour by outcome" });
  await expect(ridesTable.getByRole("row")).toHaveCount(answer.series.length + 1);
  await expect(ridesTable).not.toBeInViewport();
  const revenue = page.getByRole("region", { name: "Revenue per hour", exact: true });
  await revenue.getByRole("button", { name: "Show as table" }).click();
  await expect(revenue.getByRole("button", { name: "Show as table" })).toHaveAttribute("aria-pressed", "true");
  await expect(revenue.getByRole("table", { name: "Revenue per hour" })).toBeVisible();

  // By keyboard through the rides chart: the newest hour first, then the one before.
  await chart(page, "Rides per hour").focus();
  const readout = page.getByRole("region", { name: "Rides per hour", exact: true }).locator("[aria-live=polite]");
  const newest = answer.series.at(-1);
  await expect(readout).toContainText(`${newest?.requested} requested. ${newest?.completed} completed`);
  await page.keyboard.press("ArrowLeft");
  const before = answer.series.at(-2);
  await expect(readout).toContainText(`${before?.requested} requested. ${before?.completed} completed`);

  // The pickups over the ride map's first view, named in one sentence, listed in a table.
  await expect(
    page.getByRole("img", {
      name: /^Pickups on a map of Seattle: 3 areas, the busiest Pike Place Market with 31 rides/,
    }),
  ).toBeVisible();
  await expect(page.getByRole("table", { name: "Pickups by area, busiest first" }).getByRole("row")).toHaveCount(4);

  // The unicorns: most rides first; sorted by revenue with the keyboard, then the other way.
  const names = unicorns(page).locator("tbody th");
  await expect(names).toHaveText(["Bucephalus", "Shadowfax", "Rocinante"]);
  await unicorns(page).getByRole("button", { name: "Revenue" }).focus();
  await page.keyboard.press("Enter");
  await expect(unicorns(page).getByRole("columnheader", { name: "Revenue" })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  await expect(names).toHaveText(["Rocinante", "Shadowfax", "Bucephalus"]);
  await page.keyboard.press("Space");
  await expect(unicorns(page).getByRole("columnheader", { name: "Revenue" })).toHaveAttribute("aria-sort", "ascending");
  await expect(names).toHaveText(["Bucephalus", "Shadowfax", "Rocinante"]);
});

test("the range: presets, the bucket, a custom range checked as the API checks it, and the address", async ({
  page,
  endpoints,
}) => {
  const { asked } = await arrangeMetrics(page, endpoints);
  await signInOperator(page, endpoints);
  await page.goto("/ops/");
  await expect(page.getByText(/^Data as of /)).toBeVisible();

  await page.getByRole("radio", { name: "Last 7 days" }).check();
  await expect.poll(() => asked.at(-1)?.searchParams.get("bucket")).toBe("day");
  expect(spanOf(asked.at(-1) as URL)).toBe(7 * DAY);
  await expect(page).toHaveURL(/\/ops\/\?range=7d$/);
  await expect(page.getByRole("heading", { name: "Rides per day" })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Day", exact: true })).toBeChecked();

  // The operator may count the week by the hour.
  await page.getByRole("radio", { name: "Hour", exact: true }).check();
  await expect.poll(() => asked.at(-1)?.searchParams.get("bucket")).toBe("hour");
  await expect(page).toHaveURL(/range=7d&bucket=hour$/);
  await expect(page.getByRole("heading", { name: "Rides per hour" })).toBeVisible();

  // A custom range the API would refuse is refused here first, on the field, and nothing is asked.
  const count = asked.length;
  await page.getByRole("radio", { name: "Custom" }).check();
  const from = page.getByRole("textbox", { name: "From" });
  const to = page.getByRole("textbox", { name: "To" });
  await from.fill("2026-01-01T00:00");
  await to.fill("2026-02-15T00:00");
  await page.getByRole("button", { name: "Show this range" }).click();
  await expect(to).toBeFocused();
  await expect(to).toHaveAttribute("aria-invalid", "true");
  await expect(to).toHaveAccessibleDescription(/Choose a range of 31 days or less\./);
  await to.fill("2025-12-31T00:00");
  await page.keyboard.press("Enter");
  await expect(to).toHaveAccessibleDescription(/The end can't be before the start\./);
  expect(asked).toHaveLength(count);

  // Three days: asked as chosen, by the day, and kept in the address for a reload.
  await to.fill("2026-01-04T00:00");
  await page.keyboard.press("Enter");
  await expect.poll(() => asked.length).toBe(count + 1);
  const custom = asked.at(-1) as URL;
  expect(spanOf(custom)).toBe(3 * DAY);
  expect(custom.searchParams.get("bucket")).toBe("day");
  await expect(page).toHaveURL(/\?from=.+&to=.+$/);
  await page.reload();
  await expect.poll(() => asked.at(-1)?.searchParams.get("from")).toBe(custom.searchParams.get("from"));
  await expect(page.getByRole("radio", { name: "Custom" })).toBeChecked();
});

test("a failing answer can be tried again, an empty range says so, and the data refreshes every 30 s", async ({
  page,
  endpoints,
}) => {
  await page.clock.install();
  const unavailable = { status: 503, body: { error: { code: "UNAVAILABLE", message: "Try again soon." } } };
  const { asked, answerWith } = await arrangeMetrics(page, endpoints, () => unavailable);
  await signInOperator(page, endpoints);
  await page.goto("/ops/");

  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("The metrics couldn't be loaded.");
  answerWith((url) => ({ status: 200, body: answerFor(url, { empty: true }) }));
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "No rides in this range yet" })).toBeVisible();
  await expect(alert).toHaveCount(0);

  // Thirty seconds on, the page asks again by itself, for the last 24 hours up to the new now.
  answerWith(ok);
  const before = asked.length;
  await page.clock.fastForward(31_000);
  await expect.poll(() => asked.length).toBe(before + 1);
  await expect(chart(page, "Rides per hour").locator("canvas").first()).toBeVisible();
  expect(Date.parse(asked.at(-1)?.searchParams.get("to") ?? "")).toBeGreaterThan(
    Date.parse(asked[before - 1]?.searchParams.get("to") ?? ""),
  );

  // A refresh that fails keeps the figures on screen and says they may be out of date.
  answerWith(() => unavailable);
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(alert).toContainText("The metrics couldn't be refreshed, so these may be out of date.");
  await expect(chart(page, "Rides per hour").locator("canvas").first()).toBeVisible();
});

test("a rider is told the page is for operators, and a signed-out visitor is sent to sign in", async ({
  page,
  account,
}) => {
  await page.goto("/ops/");
  await expect(page).toHaveURL(/\/signin\/\?next=%2Fops%2F$/);

  await account.signIn(page);
  await page.goto("/ops/");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "This page is for operators. Your account is a rider's.",
  );
  await expect(page.getByRole("main").getByRole("link", { name: "Request a ride" })).toHaveAttribute("href", "/ride/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" })).toHaveCount(0);
});

test("the dashboard has no WCAG 2.2 AA violations at desktop and phone size", async ({ page, endpoints }) => {
  test.setTimeout(180_000);
  const { answerWith } = await arrangeMetrics(page, endpoints);
  await signInOperator(page, endpoints);
  const phone = { width: 390, height: 844 };
  const sizes = [["desktop", { width: 1280, height: 800 }] as const, ["phone", phone] as const];
  for (const [size, viewport] of sizes) {
    await page.setViewportSize(viewport);
    await page.goto("/ops/");
    await expect(chart(page, "Pickup wait").locator("canvas").first()).toBeVisible();
    await expectNoViolations(page, `/ops/ (${size})`);
    for (const button of await page.getByRole("button", { name: "Show as table" }).all()) await button.click();
    await chart(page, "Rides per hour").focus();
    await page.getByRole("radio", { name: "Custom" }).check();
    await page.getByRole("button", { name: "Show this range" }).click();
    await expectNoViolations(page, `/ops/ (${size}, tables shown, custom range)`);
  }
  answerWith((url) => ({ status: 200, body: answerFor(url, { empty: true }) }));
  await page.goto("/ops/");
  await expect(page.getByRole("heading", { name: "No rides in this range yet" })).toBeVisible();
  await expectNoViolations(page, "/ops/ (phone, empty)");
});

test("the real GET /ops/metrics (the local lake) answers the demo operator's dashboard", async ({
  page,
  endpoints,
}) => {
  await signInOperator(page, endpoints);
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith("/ops/metrics"));
  await page.goto("/ops/");
  const response = await answered;
  expect(response.status()).toBe(200);
  const body = (await response.json()) as OpsMetrics;
  await expect(page.getByText(/^Data as of /)).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  // Other specs' rides may or may not have reached the lake in its last 24 hours.
  if (body.totals.requested === 0) {
    await expect(page.getByRole("heading", { name: "No rides in this range yet" })).toBeVisible();
  } else {
    await expect(chart(page, "Rides per hour").locator("canvas").first()).toBeVisible();
    await expect(page.getByRole("table", { name: "Rides per hour by outcome" }).getByRole("row")).toHaveCount(
      body.series.length + 1,
    );
  }
});

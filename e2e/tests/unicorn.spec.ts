/**
 * The unicorn's page (issue 22, the crew's side): a demo crew signs in and lands on it, goes on shift and off (the
 * switch and GET /unicorn/me agree), sees no job and no jobs yet; a rider is told the page is for unicorn accounts.
 * The job and a long history are the API's answers arranged in the browser (offers.spec.ts books a job for real).
 */
import { expect, test, useOwnStack } from "../fixtures";
import { fact } from "../support/ride-page";
import { tabTo } from "../support/session";
import {
  currentJobRead,
  demoCrew,
  demoUnicorn,
  jobNews,
  jobOnItsWay,
  jobPanel,
  jobsList,
  shiftState,
  shiftSwitch,
  signInCrew,
  unicornMe,
} from "../support/unicorn-page";

/**
 * A crewed unicorn on shift gets an offer for every request it is the nearest free unicorn to, and the demo crews stand
 * downtown, where the other specs book (some beside any free unicorn, which one on shift is): on the shared stack even
 * a few seconds on shift could leave their rides waiting for an answer. So the tests that change a shift run on a
 * stack of the worker's own, one after the other in one worker (so one stack, not two).
 */
test.describe("on and off shift", () => {
  useOwnStack();
  test.describe.configure({ mode: "default" });

  test("a demo unicorn signs in, lands on its page, and goes on shift and off as the API records it", async ({
    page,
    endpoints,
  }) => {
    const { crew, me } = await demoUnicorn(endpoints, 0);
    await page.goto("/signin/");
    await page.getByRole("textbox", { name: "Email" }).fill(crew.email);
    await page.getByLabel("Password").fill(crew.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(/\/unicorn\/$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      `${me.name}, the ${me.color.toLowerCase()} unicorn`,
    );
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My unicorn" }),
    ).toHaveAttribute("aria-current", "page");
    // Demo crews start off shift.
    const toggle = shiftSwitch(page);
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await expect(shiftState(page)).toHaveText(/^You're off shift: no new ride offers will come\./);
    await expect(jobNews(page)).toHaveText("No job right now.");
    await expect(jobsList(page).getByRole("heading", { name: "No jobs yet" })).toBeVisible();
    const earnings = page.getByRole("region", { name: "Earnings" });
    await expect(fact(earnings, "Today")).toHaveText("$0.00");
    await expect(fact(earnings, "All time")).toHaveText("$0.00");

    // By keyboard: reached with Tab, the switch keeps focus while the change is saved and says the new state politely.
    await tabTo(page, () => toggle.evaluate((el) => el === document.activeElement));
    await page.keyboard.press("Space");
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(shiftState(page)).toHaveText("You're on shift: new ride offers can come your way.");
    await expect(shiftState(page)).toHaveAttribute("role", "status");
    await expect(toggle).toBeFocused();
    expect((await unicornMe(endpoints, crew)).onShift).toBe(true);

    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await expect(shiftState(page)).toHaveText(/^You're off shift/);
    expect((await unicornMe(endpoints, crew)).onShift).toBe(false);

    // A reload reads the shift back from the API.
    await page.reload();
    await expect(shiftSwitch(page)).toHaveAttribute("aria-pressed", "false");
  });

  test("a shift change that fails says so, keeps the switch as it was, and can be tried again", async ({
    page,
    endpoints,
  }) => {
    const crew = demoCrew(endpoints, 1);
    await signInCrew(page, endpoints, crew);
    let failing = true;
    await page.route(`${endpoints.siteApiUrl}/unicorn/shift`, async (route) => {
      if (!failing) return route.fallback();
      const error = { code: "UNAVAILABLE", message: "The data store is busy." };
      await route.fulfill({ status: 503, json: { error } });
    });
    await page.goto("/unicorn/");
    await shiftSwitch(page).click();
    const alert = page.getByRole("region", { name: "Shift" }).getByRole("alert");
    await expect(alert).toContainText("Wild Rydes is busy right now.");
    await expect(shiftSwitch(page)).toHaveAttribute("aria-pressed", "false");
    // Put it back as it was for the tests that read this crew: the retry is answered for real, then undone.
    failing = false;
    await alert.getByRole("button", { name: "Try again" }).click();
    await expect(shiftSwitch(page)).toHaveAttribute("aria-pressed", "true");
    await expect(alert).toBeHidden();
    await shiftSwitch(page).click();
    await expect(shiftSwitch(page)).toHaveAttribute("aria-pressed", "false");
    expect((await unicornMe(endpoints, crew)).onShift).toBe(false);
  });
});

test("a rider keeps landing on the ride page, and the unicorn's page tells them it is for unicorn accounts", async ({
  page,
  account,
}) => {
  await page.goto("/signin/");
  await page.getByRole("textbox", { name: "Email" }).fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/ride\/$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "My rides" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "My unicorn" })).toHaveCount(0);

  const refused = page.waitForResponse((r) => r.url().endsWith("/unicorn/me"));
  await page.goto("/unicorn/");
  expect((await refused).status()).toBe(403);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/^This page is for unicorn accounts/);
  await page.getByRole("main").getByRole("link", { name: "Request a ride" }).click();
  await expect(page).toHaveURL(/\/ride\/$/);
});

test("a job under way shows where it stands on the map, and leaves when the API no longer has it", async ({
  page,
  endpoints,
}) => {
  const { crew, me } = await demoUnicorn(endpoints, 2);
  let job: object | null = jobOnItsWay({ unicornId: crew.unicornId, name: me.name, color: me.color });
  let currentReads = 0;
  let jobListReads = 0;
  await page.route(currentJobRead, async (route) => {
    currentReads += 1;
    await route.fulfill({ json: { rides: job ? [job] : [], nextCursor: null } });
  });
  await page.route(`${endpoints.siteApiUrl}/unicorn/rides?*`, async (route) => {
    if (currentJobRead(new URL(route.request().url()))) return route.fallback();
    jobListReads += 1;
    await route.fallback();
  });
  await signInCrew(page, endpoints, crew);
  await page.goto("/unicorn/");

  const panel = jobPanel(page);
  await expect(jobNews(page)).toHaveText(/^Fly to your rider's pickup: you're due there in about 2 minutes\.$/);
  await expect(panel.getByRole("timer")).toHaveText(/^[12]:\d\d$/);
  await expect(panel.getByRole("region", { name: "Ride map" }).first()).toBeVisible();
  await expect(fact(panel, "Status")).toHaveText("To the pickup");
  await expect(fact(panel, "Fare")).toHaveText("$12.34");
  await expect(fact(panel, "Pickup")).toContainText("Pike Place Market");
  await expect(fact(panel, "Destination")).toContainText("Space Needle");
  // Off shift (as demo crews start), the job carries on.
  await expect(shiftState(page)).toHaveText(/your current job continues until it's done/);
  await expect.poll(() => jobListReads).toBe(1);

  // The rider cancels: the next read (every 10 s while a job is under way) finds none.
  job = null;
  await expect(jobNews(page)).toHaveText("Your last job has ended. No job right now.", { timeout: 20_000 });
  expect(currentReads).toBeGreaterThanOrEqual(2);
  await expect(panel.getByRole("region", { name: "Ride map" })).toHaveCount(0);
  // The earnings and the jobs are read again.
  await expect.poll(() => jobListReads).toBe(2);

  // With no job the page does not poll; the crew can look again.
  job = {
    ...jobOnItsWay({ unicornId: crew.unicornId, name: me.name, color: me.color }),
    rideId: "01JZ0000000000000000000002",
  };
  await panel.getByRole("button", { name: "Check for a job" }).click();
  await expect(jobNews(page)).toHaveText(/^Fly to your rider's pickup/);
});

test("the jobs list shows the newest first and loads more on request", async ({ page, endpoints }) => {
  const { crew, me } = await demoUnicorn(endpoints, 2);
  const done = (n: number) => ({
    ...jobOnItsWay({ unicornId: crew.unicornId, name: me.name, color: me.color }),
    rideId: `01JZ00000000000000000000${String(n).padStart(2, "0")}`,
    status: "COMPLETED",
    requestedAt: new Date(Date.UTC(2030, 0, 1, 12) - n * 3_600_000).toISOString(),
    charged: { amount: 1234, currency: "USD" },
    rating: n === 1 ? 5 : undefined,
  });
  await page.route(`${endpoints.siteApiUrl}/unicorn/rides?*`, async (route) => {
    const cursor = new URL(route.request().url()).searchParams.get("cursor");
    const answer = cursor
      ? { rides: [11, 12].map(done), nextCursor: null }
      : { rides: Array.from({ length: 10 }, (_, i) => done(i + 1)), nextCursor: "next" };
    await route.fulfill({ json: answer });
  });
  await signInCrew(page, endpoints, crew);
  await page.goto("/unicorn/");

  const list = jobsList(page);
  await expect(list.getByRole("status")).toHaveText("Showing 10 jobs, newest first.");
  const first = list.getByRole("listitem").first();
  await expect(first).toContainText("Done");
  await expect(fact(first, "Rider paid")).toHaveText("$12.34");
  await expect(fact(first, "Rider's rating")).toHaveText("5 of 5 stars");
  await list.getByRole("button", { name: "Load more jobs" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(12);
  await expect(list.getByRole("status")).toHaveText("Showing 12 jobs, newest first.");
  await expect(list.getByRole("listitem").nth(10).getByRole("heading")).toBeFocused();
  await expect(list.getByRole("button", { name: "Load more jobs" })).toHaveCount(0);
});

/** axe-core on every page and state a rider meets, against WCAG 2.2 AA: zero violations allowed. */
import { nearby } from "@wildrydes/testing/rider-api";
import { expect, test } from "../fixtures";
import { expectNoViolations } from "../support/axe";
import { besideAFreeUnicorn, farFromTheFleet, rideMap, rideStatus, setPointAt, tacoma } from "../support/ride-page";
import {
  currentJobRead,
  demoCrew,
  jobNews,
  jobOnItsWay,
  jobPanel,
  signInCrew,
  unicornMe,
} from "../support/unicorn-page";

// Each axe run takes seconds on a busy two-core machine, and these tests make several.
test.describe.configure({ timeout: 180_000 });

test("signed-out pages have no WCAG 2.2 AA violations", async ({ page }) => {
  const pages: Array<[string, string]> = [
    ["/", "Unicorn rides, on demand."],
    ["/register/", "Create your account"],
    ["/verify/", "Confirm your email"],
    ["/signin/", "Sign in"],
    ["/forgot-password/", "Reset your password"],
    ["/no-such-page/", "Page not found"],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
    await expectNoViolations(page, path);
  }
  // Error states: field errors and a form alert.
  await page.goto("/register/");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expectNoViolations(page, "/register/ with field errors");
});

test("the ride page has no WCAG 2.2 AA violations while planning, refused or priced", async ({
  page,
  account,
  endpoints,
}) => {
  await account.signIn(page);
  await page.goto("/unicorns/");
  await expect(page.getByRole("status")).toHaveText(/unicorns are free/);
  await expectNoViolations(page, "/unicorns/");

  await page.goto("/ride/");
  await expect(rideMap(page)).toBeVisible();
  await expect(rideStatus(page)).toHaveText("Set your pickup to get a price.");
  await expectNoViolations(page, "/ride/ (planning)");

  await setPointAt(page, "Pickup", tacoma);
  await expect(rideStatus(page)).toHaveText(/outside the service area/);
  await expectNoViolations(page, "/ride/ (outside the service area)");

  let busy = true;
  await page.route(`${endpoints.siteApiUrl}/quotes`, async (route) => {
    if (!busy) return route.fallback();
    const error = { code: "NO_UNICORN_AVAILABLE", message: "busy" };
    await route.fulfill({ status: 409, contentType: "application/json", body: JSON.stringify({ error }) });
  });
  await setPointAt(page, "Pickup", farFromTheFleet);
  await setPointAt(page, "Destination", nearby(farFromTheFleet, 20));
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await expectNoViolations(page, "/ride/ (no unicorn alert)");
  busy = false;
  await page.getByRole("button", { name: "Get a new price" }).click();
  await expect(rideStatus(page)).toHaveText(/^Your trip costs/);
  await expectNoViolations(page, "/ride/ (priced)");
});

test("every state of a ride has no WCAG 2.2 AA violations", async ({ page, account }) => {
  await account.signIn(page);
  await page.goto("/rides/");
  await expect(page.getByRole("heading", { name: "No rides yet" })).toBeVisible();
  await expectNoViolations(page, "/rides/ (empty)");

  // A 200 m trip: about ten seconds on board, long enough to look at.
  const pickup = await besideAFreeUnicorn(account.api);
  await page.goto("/ride/");
  await setPointAt(page, "Pickup", pickup);
  await setPointAt(page, "Destination", nearby(pickup, 200));
  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(page.getByRole("button", { name: "Cancel ride" })).toBeVisible();
  await expectNoViolations(page, "/ride/ (on the way or arrived)");
  await page.getByRole("button", { name: "Cancel ride" }).click();
  await expect(page.getByText(/^Cancel this ride\?/)).toBeFocused();
  await expectNoViolations(page, "/ride/ (cancel question)");
  await page.getByRole("button", { name: "Keep my ride" }).click();

  await expect(page.getByRole("button", { name: "I'm on board" })).toBeVisible({ timeout: 60_000 });
  await expectNoViolations(page, "/ride/ (arrived)");
  await page.getByRole("button", { name: "I'm on board" }).click();
  await expect(rideStatus(page)).toHaveText(/You're on board/);
  await expectNoViolations(page, "/ride/ (on board)");
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused({ timeout: 20_000 });
  await expectNoViolations(page, "/ride/ (receipt, rating)");
  await page.getByRole("button", { name: "Send rating" }).click();
  await expect(page.getByText("Choose from 1 to 5 stars first.")).toBeVisible();
  await expectNoViolations(page, "/ride/ (rating error)");
  await page.getByRole("radio", { name: "5 stars" }).check();
  await page.getByRole("button", { name: "Send rating" }).click();
  await expect(rideStatus(page)).toHaveText(/You gave \w+ 5 stars/);
  await expectNoViolations(page, "/ride/ (rated)");

  await page.goto("/rides/");
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(1);
  await expectNoViolations(page, "/rides/ (one ride)");
});

test("the unicorn's page has no WCAG 2.2 AA violations at desktop and phone size", async ({
  page,
  endpoints,
  account,
}) => {
  const phone = { width: 390, height: 844 };
  const sizes = [["desktop", page.viewportSize() ?? { width: 1280, height: 720 }] as const, ["phone", phone] as const];
  const fits = async () =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // A crew that only reads (unicorn.spec.ts changes the others' shifts), with no job and no jobs yet.
  const crew = demoCrew(endpoints, 2);
  await signInCrew(page, endpoints, crew);
  for (const [size, viewport] of sizes) {
    await page.setViewportSize(viewport);
    await page.goto("/unicorn/");
    await expect(jobNews(page)).toHaveText("No job right now.");
    await expect(page.getByRole("heading", { name: "No jobs yet" })).toBeVisible();
    await fits();
    await expectNoViolations(page, `/unicorn/ (no job, ${size})`);
  }

  // A job under way, on the map (no rider can book a crewed unicorn yet: the API's answer is arranged).
  const me = await unicornMe(endpoints, crew);
  const job = jobOnItsWay({ unicornId: crew.unicornId, name: me.name, color: me.color });
  await page.route(currentJobRead, (route) => route.fulfill({ json: { rides: [job], nextCursor: null } }));
  for (const [size, viewport] of sizes) {
    await page.setViewportSize(viewport);
    await page.goto("/unicorn/");
    await expect(jobNews(page)).toHaveText(/^Fly to your rider's pickup/);
    await expect(jobPanel(page).getByRole("region", { name: "Ride map" }).first()).toBeVisible();
    await fits();
    await expectNoViolations(page, `/unicorn/ (a job under way, ${size})`);
  }

  // A rider's account: the page is for unicorn accounts.
  await account.signIn(page);
  for (const [size, viewport] of sizes) {
    await page.setViewportSize(viewport);
    await page.goto("/unicorn/");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(/^This page is for unicorn accounts/);
    await fits();
    await expectNoViolations(page, `/unicorn/ (a rider's account, ${size})`);
  }
});

/**
 * My rides: newest first, in pages, each ride with its route and what it cost; a receipt per ride; friendly empty,
 * error and not-found states. Rides are arranged through the API (one active ride per rider: each ends before the next).
 */
import type { Locator, Page } from "@playwright/test";
import type { BookedRide } from "@wildrydes/core/rules/api-shapes";
import { Fares } from "@wildrydes/core/rules/fares";
import type { Location } from "@wildrydes/core/rules/geo";
import type { Ride } from "@wildrydes/core/store/ride-item";
import { nearby, type RiderApi } from "@wildrydes/testing/rider-api";
import { expect, test } from "../fixtures";
import { expectNoViolations } from "../support/axe";
import { farFromTheFleet } from "../support/ride-page";

const rideCards = (page: Page) => page.getByRole("main").getByRole("list").getByRole("listitem");

/** The definition a description list gives a term, e.g. fact(card, "Charged") → "$5.00". */
const fact = (scope: Locator | Page, term: string) =>
  scope.locator(`xpath=.//dt[normalize-space()="${term}"]/following-sibling::dd[1]`);

/** As the page writes a place: both coordinates to five decimals. */
const place = (at: Location) => `${at.latitude.toFixed(5)}, ${at.longitude.toFixed(5)}`;

/** The rider's totals above the list (its heading is for screen readers only). */
const totals = (page: Page) => page.getByRole("region", { name: "Your riding so far" }).getByRole("paragraph");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pickup right where a free unicorn stands, so it arrives at once (random, as parallel tests share the fleet). */
async function atAFreeUnicorn(api: RiderApi): Promise<Location> {
  const free = (await api.unicorns()).filter((u) => u.available);
  const chosen = free[Math.floor(Math.random() * free.length)];
  if (!chosen) throw new Error("no free unicorn in the fleet");
  return chosen.location;
}

/** Requests a ride and waits for its unicorn to be at the pickup (another may have been sent if ours was taken). */
async function arrivedRide(api: RiderApi, dropoffMetres: number): Promise<BookedRide> {
  const pickup = await atAFreeUnicorn(api);
  const ride = await api.requestRide(pickup, nearby(pickup, dropoffMetres));
  await sleep(Math.max(0, Date.parse(ride.arrivesAt) - Date.now()) + 250);
  return ride;
}

test("a new rider sees an empty history with a way to their first ride", async ({ page, account }) => {
  await account.signIn(page);
  await page.goto("/rides/");
  await expect(page.getByRole("heading", { name: "No rides yet" })).toBeVisible();
  await expect(totals(page)).toHaveText("No completed rides yet: your totals start with your first trip.");
  await expectNoViolations(page, "/rides/ (empty)");
  await page.getByRole("link", { name: "Request your first ride" }).click();
  await expect(page).toHaveURL(/\/ride\/$/);
});

test("the history shows where each ride went and what it cost, and each ride's receipt", async ({ page, account }) => {
  test.setTimeout(120_000);
  const { api } = account;
  // Cancelled on the way (the fleet is kilometres away): free.
  const free = await api.cancelRide((await api.requestRide(farFromTheFleet)).rideId);
  // Cancelled once the unicorn had arrived: the fee.
  const fee = await api.cancelRide((await arrivedRide(api, 111)).rideId);
  // Boarded, flown 111 m (6 seconds) and rated: the fare.
  const trip = await api.board((await arrivedRide(api, 111)).rideId);
  await sleep(Math.max(0, Date.parse(trip.dropoffAt ?? "") - Date.now()) + 250);
  const completed = await api.rate(trip.rideId, 4);
  // Still in the air (900 m, 45 seconds): the fare so far, and the way back to the live ride.
  const flying = await api.board((await arrivedRide(api, 900)).rideId);
  expect([free.charged, fee.charged, completed.charged]).toEqual([
    { amount: 0, currency: "USD" },
    { amount: 500, currency: "USD" },
    completed.fare,
  ]);

  await account.signIn(page);
  await page.goto("/rides/");
  await expect(page.getByRole("status")).toHaveText("Showing 4 rides, newest first.");
  const [flyingCard, completedCard, feeCard, freeCard] = [0, 1, 2, 3].map((i) => rideCards(page).nth(i));
  if (!flyingCard || !completedCard || !feeCard || !freeCard) throw new Error("four cards expected");

  await expect(flyingCard.locator(".badge")).toHaveText("On board");
  await expect(fact(flyingCard, "Fare")).toHaveText(Fares.format(flying.fare));
  await expect(fact(flyingCard, "Distance")).toHaveText(`${Math.round(flying.distanceMetres)} m`);
  await expect(fact(flyingCard, "Trip time")).toHaveText(`${flying.tripSeconds} s`);
  await expect(fact(completedCard, "Charged")).toHaveText(Fares.format(completed.fare));
  await expect(fact(completedCard, "Rating")).toHaveText("4 of 5 stars");
  await expect(completedCard).toContainText("Completed");
  await expect(fact(feeCard, "Charged")).toHaveText("$5.00");
  await expect(feeCard).toContainText("Cancelled");
  await expect(fact(freeCard, "Charged")).toHaveText("$0.00");
  // The route reads "pickup to dropoff" (the arrow is only drawn).
  await expect(freeCard).toContainText(place(free.pickup));
  await expect(freeCard).toContainText(place(free.dropoff));
  await expect(freeCard.getByText(" to ", { exact: true })).toHaveClass("visually-hidden");
  await expectNoViolations(page, "/rides/ (every kind of ride)");

  // The ride under way links back to the live ride page.
  await flyingCard.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Your trip so far" })).toBeVisible();
  await expect(fact(page, "Charged")).toHaveText("Nothing yet: charged when the ride ends");
  await expect(fact(page, "Boarded")).toBeVisible();
  await expectNoViolations(page, "/rides/?id= (ride under way)");
  await page.getByRole("link", { name: "Follow this ride on the map" }).click();
  await expect(page).toHaveURL(/\/ride\/$/);

  await page.goto(`/rides/?id=${completed.rideId}`);
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  for (const [term, value] of [
    ["Unicorn", `${completed.unicorn.name} (${completed.unicorn.color})`],
    ["Pickup", place(completed.pickup)],
    ["Dropoff", place(completed.dropoff)],
    ["Distance", `${Math.round(completed.distanceMetres)} m`],
    ["Trip time", `${completed.tripSeconds} s`],
    ["Fare", Fares.format(completed.fare)],
    ["Charged", Fares.format(completed.fare)],
    ["Your rating", "4 of 5 stars"],
  ]) {
    await expect(fact(page, term as string), term).toHaveText(value as string);
  }
  await expect(fact(page, "Boarded").locator("time")).toHaveAttribute("datetime", completed.boardedAt ?? "");
  await expect(fact(page, "Dropped off").locator("time")).toHaveAttribute("datetime", completed.dropoffAt ?? "");
  await expect(page.getByText("The fare agreed when you requested the ride.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Follow this ride on the map" })).toHaveCount(0);
  await expectNoViolations(page, "/rides/?id= (completed)");

  await page.goto(`/rides/?id=${fee.rideId}`);
  await expect(fact(page, "Charged")).toHaveText("$5.00");
  await expect(page.getByText("Cancellation fee: the unicorn had already arrived.")).toBeVisible();
  await page.goto(`/rides/?id=${free.rideId}`);
  await expect(fact(page, "Charged")).toHaveText("$0.00");
  await expect(page.getByText("No charge: you cancelled before the unicorn arrived.")).toBeVisible();
});

test("the history opens with the rider's totals: completed rides, what they spent, since when", async ({
  page,
  account,
}) => {
  const { api } = account;
  // Boarded, flown 20 m (a second) and rated.
  const trip = await api.board((await arrivedRide(api, 20)).rideId);
  await sleep(Math.max(0, Date.parse(trip.dropoffAt ?? "") - Date.now()) + 250);
  const completed = await api.rate(trip.rideId, 5);

  await account.signIn(page);
  await page.goto("/rides/");
  // Counted from the change stream once the sweep makes the ending durable: a few seconds.
  await expect(async () => {
    await page.reload();
    await expect(totals(page)).toHaveText(/^1 ride\b/, { timeout: 2_000 });
  }).toPass({ timeout: 20_000, intervals: [1_000] });
  // Dots for the eye, pauses for screen readers: "1 ride, $5.00 spent, riding since Nov 2026".
  const spent = Fares.format(completed.fare).replace("$", "\\$");
  await expect(totals(page)).toMatchAriaSnapshot(`
    - paragraph:
      - text: /^1 ride ?, ${spent} spent ?, riding since$/
      - time: /^\\w+ \\d{4}$/
  `);
  await expect(totals(page).locator("time")).toHaveAttribute("datetime", completed.requestedAt);
  await expectNoViolations(page, "/rides/ (with totals)");
});

test("a rider with eleven rides pages through them, newest first, and opens one", async ({ page, account }) => {
  // Each ride is requested far from the fleet and cancelled at once: free, and the shared fleet stays free.
  const made: BookedRide[] = [];
  for (let i = 0; i < 11; i++) {
    const ride = await account.api.requestRide({ ...farFromTheFleet, latitude: farFromTheFleet.latitude + i * 0.001 });
    made.push(await account.api.cancelRide(ride.rideId));
  }
  const newest = made.at(-1);
  const oldest = made[0];
  if (!newest || !oldest) throw new Error("no rides made");

  await account.signIn(page);
  await page.goto("/rides/");
  await expect(page.getByRole("status")).toHaveText("Showing 10 rides, newest first.");
  await expect(rideCards(page)).toHaveCount(10);
  await expect(rideCards(page).first()).toContainText(place(newest.dropoff));

  await page.getByRole("button", { name: "Load more rides" }).click();
  await expect(rideCards(page)).toHaveCount(11);
  await expect(page.getByRole("status")).toHaveText("Showing 11 rides, newest first.");
  await expect(page.getByRole("button", { name: "Load more rides" })).toHaveCount(0);
  // Focus lands on the first ride that was added, the oldest here.
  const eleventh = rideCards(page).nth(10).getByRole("link");
  await expect(eleventh).toBeFocused();
  await expect(eleventh).toHaveAttribute("href", `/rides/?id=${oldest.rideId}`);
  await expect(fact(rideCards(page).nth(10), "Charged")).toHaveText("$0.00");

  await rideCards(page).first().getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/rides/\\?id=${newest.rideId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Ride with ${newest.unicorn.name}`);
  await expect(fact(page, "Unicorn")).toHaveText(`${newest.unicorn.name} (${newest.unicorn.color})`);
  await expect(fact(page, "Status")).toHaveText("Cancelled");
});

test("a failed load says so and can be tried again", async ({ page, account }) => {
  // The first read of the rides and of the totals each fail once.
  const refused = new Set<string>();
  await page.route(
    (url) => url.pathname === "/api/rides" || url.pathname === "/api/me",
    (route) => {
      const path = new URL(route.request().url()).pathname;
      if (refused.has(path)) return route.fallback();
      refused.add(path);
      const error = { code: "UNAVAILABLE", message: "The ride store is throttling: try again." };
      return route.fulfill({ status: 503, json: { error } });
    },
  );
  await account.signIn(page);
  await page.goto("/rides/");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Wild Rydes is busy right now.");
  await expect(totals(page)).toHaveText("Your totals couldn't be loaded. Load my totals again");
  await expectNoViolations(page, "/rides/ (load failed)");
  await page.getByRole("button", { name: "Load my totals again" }).click();
  await expect(totals(page)).toHaveText("No completed rides yet: your totals start with your first trip.");
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "No rides yet" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
});

test("a no-show reads as one, with its fee and why", async ({ page, account }) => {
  // The boarding window is five minutes: the no-show is the rider's real ride, as the API reports it once passed.
  const ride = await account.api.cancelRide((await account.api.requestRide(farFromTheFleet)).rideId);
  const { cancelledAt: _, ...rest } = ride;
  const noShow: Ride = {
    ...rest,
    status: "NO_SHOW",
    noShowAt: ride.boardBy,
    charged: { amount: 500, currency: "USD" },
  };
  await page.route(
    (url) => url.pathname.startsWith("/api/rides"),
    (route) => {
      const path = new URL(route.request().url()).pathname;
      return route.fulfill({ json: path === "/api/rides" ? { rides: [noShow], nextCursor: null } : noShow });
    },
  );
  await account.signIn(page);
  await page.goto("/rides/");
  await expect(fact(rideCards(page).first(), "Charged")).toHaveText("$5.00");
  await expect(rideCards(page).first().locator(".badge")).toHaveText("No-show");
  await rideCards(page).first().getByRole("link").click();
  await expect(page.getByText("No-show fee: the unicorn waited, but you didn't board in time.")).toBeVisible();
  await expect(fact(page, "Marked no-show").locator("time")).toHaveAttribute("datetime", ride.boardBy);
  await expectNoViolations(page, "/rides/?id= (no-show)");
});

test("a ride id that is not the rider's reads as not found", async ({ page, account }) => {
  await account.signIn(page);
  await page.goto("/rides/?id=01JZZZZZZZZZZZZZZZZZZZZZZZ");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/We couldn't find that ride/);
  await expect(page.getByRole("link", { name: "All my rides" })).toBeVisible();
  await expectNoViolations(page, "/rides/?id= (not found)");
});

/** The ride itself: price, request, arrival, boarding, the trip, the receipt and rating; cancelling, free or not. */
import { noUnicornAvailable } from "@wildrydes/core/rules/errors";
import { booked, nearby } from "@wildrydes/testing/rider-api";
import { expect, test } from "../fixtures";
import {
  besideAFreeUnicorn,
  fact,
  farFromTheFleet,
  openRidePage,
  planTrip,
  rideMap,
  rideStatus,
  setPointAt,
  tacoma,
} from "../support/ride-page";

test("a rider gets a price, requests, boards when the unicorn arrives, rides to the destination and rates 4 stars", async ({
  ridePage: page,
  account,
}) => {
  const pickup = await besideAFreeUnicorn(account.api);
  const dropoff = nearby(pickup, 20);
  const expected = await account.api.quote(pickup, dropoff);
  await expect(rideStatus(page)).toHaveText("Set your pickup to get a price.");
  await planTrip(page, pickup, dropoff);
  const price = page.getByRole("region", { name: "Your price" });
  await expect(fact(price, "Fare")).toHaveText("$5.00");
  await expect(fact(price, "Trip time")).toHaveText(`${expected.tripSeconds} s`);
  await expect(price.getByRole("timer")).toHaveText(/^[12]:\d\d$/);
  expect(expected.fare.amount).toBe(500);
  await page.getByRole("button", { name: "Request unicorn" }).click();

  await expect(rideStatus(page)).toHaveText(/is on the way|has arrived/);
  const ride = await account.api.currentRide();
  expect(ride.fare).toEqual(expected.fare);
  const { name, color } = ride.unicorn;
  const panel = page.getByRole("region", { name: "Ride status" });
  await expect(panel.getByText(color, { exact: true })).toBeVisible();
  await expect(
    rideMap(page).getByRole("img", { name: new RegExp(`^${name}, ${color.toLowerCase()} unicorn`) }),
  ).toBeVisible();
  // The unicorn's figures, read once from the fleet when the ride is shown (in words for screen readers).
  await expect(fact(panel, "Rating")).toHaveText(/Not rated yet|\d\.\d out of 5 stars, from \d+ ratings?$/);
  await expect(fact(panel, "Completed rides")).toHaveText(/^\d+$/);

  const untilArrival = Math.max(0, Date.parse(ride.arrivesAt) - Date.now());
  await expect(rideStatus(page)).toHaveText(`${name} has arrived at your pickup. Board within 5 minutes.`, {
    timeout: untilArrival + 10_000,
  });
  await expect(panel.getByText(/^Board within \d:\d\d$/)).toBeVisible();
  await page.getByRole("button", { name: "I'm on board" }).click();

  // A 20 m hop takes a second: the trip may already be over when the page looks.
  await expect(rideStatus(page)).toHaveText(/You're on board|You've arrived/);
  await expect(rideStatus(page)).toHaveText(`You've arrived. Thanks for riding with ${name}.`);
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused();
  await expect(fact(panel, "Fare charged")).toHaveText("$5.00");
  await expect(fact(panel, "Distance")).toHaveText(`${Math.round(expected.distanceMetres)} m`);
  await expect(fact(panel, "Trip time")).toHaveText(`${expected.tripSeconds} s`);

  await page.getByRole("radio", { name: "4 stars" }).check();
  await page.getByRole("button", { name: "Send rating" }).click();
  await expect(rideStatus(page)).toHaveText(`You've arrived. You gave ${name} 4 stars.`);
  await expect(page.getByRole("button", { name: "Request another ride" })).toBeFocused();
  await expect(page.getByRole("button", { name: "Send rating" })).toHaveCount(0);
  expect(await account.api.ride(ride.rideId)).toMatchObject({ status: "COMPLETED", rating: 4, charged: ride.fare });

  await page.getByRole("button", { name: "Request another ride" }).click();
  await expect(rideStatus(page)).toHaveText("Set your pickup to get a price.");
});

test("cancelling while the unicorn is on the way is free, said before confirming, and frees the unicorn", async ({
  ridePage: page,
  account,
}) => {
  await planTrip(page, farFromTheFleet, nearby(farFromTheFleet, 20));
  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(rideStatus(page)).toHaveText(/is on the way — arrives in about \d+ (seconds|minutes)\./);
  await expect(page.getByRole("heading", { name: "Ride status" })).toBeFocused();

  const countdown = page.getByRole("timer");
  await expect(countdown).toHaveText(/^\d+:\d\d$/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first ?? "");

  await page.getByRole("button", { name: "Cancel ride" }).click();
  await expect(page.getByText(/^Cancel this ride\? It's free while \w+ is on the way\.$/)).toBeFocused();
  await page.getByRole("button", { name: "Keep my ride" }).click();
  await expect(page.getByRole("button", { name: "Cancel ride" })).toBeFocused();
  await page.getByRole("button", { name: "Cancel ride" }).click();
  await page.getByRole("button", { name: "Yes, cancel for free" }).click();

  await expect(rideStatus(page)).toHaveText(/^Ride cancelled at no charge\. \w+ is free again\.$/);
  await expect(page.getByRole("heading", { name: "Ride status" })).toBeFocused();
  await expect(fact(page.getByRole("main"), "Cancellation fee")).toHaveText("$0.00");
  const [ride] = await account.api.rides(1);
  expect(ride).toMatchObject({ status: "CANCELLED", charged: { amount: 0, currency: "USD" } });
  if (!ride) throw new Error("the cancelled ride is not in the rider's history");
  const { name } = booked(ride, "GET /rides").unicorn;
  const unicorn = (await account.api.unicorns()).find((u) => u.name === name);
  expect(unicorn?.available).toBe(true);
});

test("cancelling once the unicorn has arrived costs $5.00, stated before the rider confirms", async ({
  ridePage: page,
  account,
}) => {
  const pickup = await besideAFreeUnicorn(account.api);
  await planTrip(page, pickup, nearby(pickup, 20));
  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(rideStatus(page)).toHaveText(/is on the way|has arrived/);
  const ride = await account.api.currentRide();
  const untilArrival = Math.max(0, Date.parse(ride.arrivesAt) - Date.now());
  await expect(page.getByRole("button", { name: "I'm on board" })).toBeVisible({ timeout: untilArrival + 10_000 });

  await page.getByRole("button", { name: "Cancel ride" }).click();
  await expect(
    page.getByText(/^Cancel this ride\? \w+ is already waiting, so cancelling costs \$5\.00\.$/),
  ).toBeFocused();
  await page.getByRole("button", { name: "Yes, cancel for $5.00" }).click();

  await expect(rideStatus(page)).toHaveText("Ride cancelled. A $5.00 cancellation fee was charged.");
  await expect(fact(page.getByRole("main"), "Cancellation fee")).toHaveText("$5.00");
  expect(await account.api.ride(ride.rideId)).toMatchObject({ status: "CANCELLED", charged: { amount: 500 } });
});

test("a ride booked in another tab is resumed on load, and a request from a stale tab shows that ride", async ({
  ridePage: page,
  account,
}) => {
  await planTrip(page, farFromTheFleet, nearby(farFromTheFleet, 20));

  // Another tab books first.
  const other = await page.context().newPage();
  await other.goto("/ride/");
  await planTrip(other, farFromTheFleet, nearby(farFromTheFleet, 40));
  await other.getByRole("button", { name: "Request unicorn" }).click();
  await expect(rideStatus(other)).toHaveText(/is on the way/);
  const theirs = await account.api.currentRide();

  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/You already have a ride under way/);
  await expect(rideStatus(page)).toHaveText(new RegExp(`^${theirs.unicorn.name}, the .* is on the way`));
  expect(await account.api.rides()).toHaveLength(1);

  const third = await page.context().newPage();
  await third.goto("/ride/");
  await expect(rideStatus(third)).toHaveText(new RegExp(`^${theirs.unicorn.name}, the .* is on the way`));
  await third.getByRole("button", { name: "Cancel ride" }).click();
  await third.getByRole("button", { name: "Yes, cancel for free" }).click();
  await expect(rideStatus(third)).toHaveText(/Ride cancelled at no charge/);
  // The first tab notices within its poll, without a reload.
  await expect(rideStatus(page)).toHaveText(/Ride cancelled at no charge/, { timeout: 15_000 });
});

test("when the connection drops after the server booked the ride, Try again gets that same ride, not a second one", async ({
  ridePage: page,
  account,
  endpoints,
}) => {
  const keys: string[] = [];
  let dropped = false;
  await page.route(`${endpoints.siteApiUrl}/rides`, async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    keys.push((await route.request().headerValue("idempotency-key")) ?? "");
    if (dropped) return route.fallback();
    dropped = true;
    await route.fetch(); // the server books the ride...
    await route.abort("connectionreset"); // ...and the answer never reaches the browser
  });
  await planTrip(page, farFromTheFleet, nearby(farFromTheFleet, 20));
  await page.getByRole("button", { name: "Request unicorn" }).click();

  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/We couldn't reach Wild Rydes/);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(rideStatus(page)).toHaveText(/is on the way/);

  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  expect(await account.api.rides()).toHaveLength(1);
  await page.getByRole("button", { name: "Cancel ride" }).click();
  await page.getByRole("button", { name: "Yes, cancel for free" }).click();
  await expect(rideStatus(page)).toHaveText(/Ride cancelled/);
});

test("a point outside the service area is refused at once, and the server's own refusal names the point", async ({
  ridePage: page,
  endpoints,
}) => {
  let quotes = 0;
  let refuse = false;
  await page.route(`${endpoints.siteApiUrl}/quotes`, async (route) => {
    quotes += 1;
    if (!refuse) return route.fallback();
    const error = { code: "OUTSIDE_SERVICE_AREA", message: "outside", details: [{ field: "dropoff", problem: "x" }] };
    await route.fulfill({ status: 422, contentType: "application/json", body: JSON.stringify({ error }) });
  });
  await setPointAt(page, "Pickup", tacoma);
  const outside = "Your pickup is outside the service area: Wild Rydes flies within 25 km of downtown Seattle.";
  await expect(rideStatus(page)).toHaveText(outside);
  await setPointAt(page, "Destination", farFromTheFleet);
  await expect(rideStatus(page)).toHaveText(outside);
  await expect(page.getByRole("button", { name: "Request unicorn" })).toHaveCount(0);
  expect(quotes).toBe(0);

  // The server has the last word: a destination it refuses is named just the same.
  refuse = true;
  await setPointAt(page, "Pickup", nearby(farFromTheFleet, 500));
  await expect(rideStatus(page)).toHaveText(
    "Your destination is outside the service area: Wild Rydes flies within 25 km of downtown Seattle.",
  );
  refuse = false;
  await setPointAt(page, "Destination", nearby(farFromTheFleet, 20));
  await expect(rideStatus(page)).toHaveText(/^Your trip costs \$5\.00\./);
});

test("a busy fleet and an expired price each get a plain sentence and a way on", async ({
  ridePage: page,
  account,
  endpoints,
}) => {
  let quotes = 0;
  let busy = true;
  await page.route(`${endpoints.siteApiUrl}/quotes`, async (route) => {
    quotes += 1;
    if (!busy) return route.fallback();
    // The server's own answer: the page shows its sentence.
    const error = { code: "NO_UNICORN_AVAILABLE", message: noUnicornAvailable().message };
    await route.fulfill({ status: 409, contentType: "application/json", body: JSON.stringify({ error }) });
  });
  await page.route(`${endpoints.siteApiUrl}/rides`, async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    const error = { code: "QUOTE_EXPIRED", message: "expired" };
    await route.fulfill({ status: 410, contentType: "application/json", body: JSON.stringify({ error }) });
  });
  await setPointAt(page, "Pickup", farFromTheFleet);
  await setPointAt(page, "Destination", nearby(farFromTheFleet, 20));
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toHaveText("Every unicorn near your pickup is busy right now. Please try again in a minute.");
  busy = false;
  await page.getByRole("button", { name: "Get a new price" }).click();
  await expect(rideStatus(page)).toHaveText(/^Your trip costs/);

  const before = quotes;
  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(alert).toHaveText("That price has expired. Here is a fresh one: check it and request again.");
  await expect.poll(() => quotes).toBe(before + 1);
  await expect(page.getByRole("button", { name: "Request unicorn" })).toBeEnabled();
  expect(await account.api.rides()).toEqual([]);
});

test("a rider who never boards sees the no-show and its fee the moment the boarding window closes", async ({
  page,
  account,
  endpoints,
}) => {
  // The e2e stack's window is five minutes: the API's answers are arranged so that it closes a few seconds in.
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  const pickup = farFromTheFleet;
  // The window closes a few seconds after the page first reads the ride, however long sign-in took.
  let closesAt: number | undefined;
  const rideAt = (now: number) => {
    closesAt ??= now + 4_000;
    const waiting = {
      rideId: "01JZ0000000000000000000000",
      status: "ARRIVED",
      pickup,
      dropoff: nearby(pickup, 20),
      unicorn: { unicornId: "shadowfax", name: "Shadowfax", color: "White", gender: "Male" },
      unicornFrom: pickup,
      fare: { amount: 500, currency: "USD" },
      distanceMetres: 20,
      tripSeconds: 1,
      requestedAt: at(-298_000),
      arrivesAt: at(-297_000),
      etaSeconds: 1,
      boardBy: new Date(closesAt).toISOString(),
    };
    if (now < closesAt) return waiting;
    return { ...waiting, status: "NO_SHOW", noShowAt: waiting.boardBy, charged: { amount: 500, currency: "USD" } };
  };
  await page.route(`${endpoints.siteApiUrl}/rides/*`, (route) => route.fulfill({ json: rideAt(Date.now()) }));
  // The page finds the ride in progress as the newest one of the rider's history.
  const history = new URL(`${endpoints.siteApiUrl}/rides`).pathname;
  await page.route(
    (url) => url.pathname === history,
    (route) => route.fulfill({ json: { rides: [rideAt(Date.now())], nextCursor: null } }),
  );
  await openRidePage(page, account);
  await expect(rideStatus(page)).toHaveText("Shadowfax has arrived at your pickup. Board within 5 minutes.");
  await expect(page.getByRole("button", { name: "I'm on board" })).toBeVisible();

  await expect(rideStatus(page)).toHaveText(
    "Shadowfax waited 5 minutes and had to leave: a $5.00 no-show fee was charged.",
  );
  await expect(page.getByRole("heading", { name: "Ride status" })).toBeFocused();
  await expect(fact(page.getByRole("main"), "No-show fee")).toHaveText("$5.00");
  await expect(page.getByRole("button", { name: "I'm on board" })).toHaveCount(0);
});

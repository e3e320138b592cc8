/**
 * Live updates: the ride page follows the rider's AppSync Events channel (the local stand-in, through the site's
 * `/event`) instead of polling, and gets over a restart of the service without missing a change.
 */
import type { Page } from "@playwright/test";
import { Fares } from "@wildrydes/core/rules/fares";
import { nearby } from "@wildrydes/testing/rider-api";
import { expect, test } from "../fixtures";
import { expectNoViolations } from "../support/axe";
import { liveStatus, liveWords, watchLiveChannel, watchRideReads } from "../support/live";
import { besideAFreeUnicorn, fact, farFromTheFleet, openRidePage, planTrip, rideStatus } from "../support/ride-page";
import { restartLiveEvents } from "../support/stack-control";

/** The ride page, opened with its live socket and its ride reads watched from the first request on. */
async function openWatched(page: Page, account: Parameters<typeof openRidePage>[1], siteApiUrl: string) {
  const watched = { live: watchLiveChannel(page), reads: watchRideReads(page, siteApiUrl) };
  await openRidePage(page, account);
  return watched;
}

// In order, in one worker: the second test restarts the live events, which would drop the first one's connection.
test.describe.configure({ mode: "default" });

test("a ride's whole life reaches the page by push: arrival, boarding and the trip's end, with no ride re-read", async ({
  page,
  account,
  endpoints,
}) => {
  const { live, reads } = await openWatched(page, account, endpoints.siteApiUrl ?? "");
  await expect(rideStatus(page)).toHaveText("Set your pickup to get a price.");
  const initialLoad = reads.length;
  expect(reads, "the initial load looks for a ride in progress").toEqual(["/rides?limit=1"]);
  expect(live.sockets(), "a visit with nothing to follow opens no channel").toBe(0);

  const pickup = await besideAFreeUnicorn(account.api);
  const dropoff = nearby(pickup, 200); // a 10-second trip: long enough to watch
  await planTrip(page, pickup, dropoff);
  // With a price in front of the rider the channel opens, so the ride is followed from the moment it is booked.
  await expect.poll(() => live.subscriptions()).toBe(1);
  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(rideStatus(page)).toHaveText(/is on the way|has arrived/);
  await expect(liveStatus(page)).toHaveText(liveWords.on);
  const ride = await account.api.currentRide();
  const { name } = ride.unicorn;

  // Arrival is the ride clock's: the page needs no request to see it.
  const untilArrival = Math.max(0, Date.parse(ride.arrivesAt) - Date.now());
  await expect(rideStatus(page)).toHaveText(`${name} has arrived at your pickup. Board within 5 minutes.`, {
    timeout: untilArrival + 10_000,
  });
  await page.getByRole("button", { name: "I'm on board" }).click();
  await expect(rideStatus(page)).toHaveText(/^You're on board\. /);
  await expect(page.getByRole("timer")).toHaveText(/^0:\d\d$/);
  await expect(liveStatus(page)).toHaveText(liveWords.on);

  // The trip ends by the clock; the sweep then stores the ending, and that final word (what was charged) is pushed.
  await expect(rideStatus(page)).toHaveText(`You've arrived. Thanks for riding with ${name}.`, { timeout: 20_000 });
  const panel = page.getByRole("region", { name: "Ride status" });
  await expect(fact(panel, "Fare charged")).toHaveText(Fares.format(ride.fare));
  await expect
    .poll(() => live.pushedRides().find((r) => r.rideId === ride.rideId && r.status === "COMPLETED"), {
      timeout: 15_000,
    })
    .toMatchObject({ charged: ride.fare, completedAt: expect.any(String) });
  const pushed = live.pushedRides().filter((r) => r.rideId === ride.rideId);
  expect(pushed.map((r) => r.status)).toEqual(expect.arrayContaining(["IN_PROGRESS", "COMPLETED"]));
  expect(["EN_ROUTE", "ARRIVED"]).toContain(pushed[0]?.status);
  // The line goes with the ride: a receipt is not kept up to date.
  await expect(liveStatus(page)).toHaveCount(0);

  expect(reads.slice(initialLoad), "ride reads while the channel listened").toEqual([]);
  expect(live.sockets()).toBe(1);
});

test("a ride in progress found on load is read once when the channel listens, then a cancel elsewhere is pushed", async ({
  page,
  account,
  endpoints,
}) => {
  const booked = await account.api.requestRide(farFromTheFleet, nearby(farFromTheFleet, 20));
  const { live, reads } = await openWatched(page, account, endpoints.siteApiUrl ?? "");
  await expect(rideStatus(page)).toHaveText(new RegExp(`^${booked.unicorn.name}, the .* is on the way`));
  await expect.poll(() => live.subscriptions()).toBe(1);
  await expect(liveStatus(page)).toHaveText(liveWords.on);
  // Loaded before the channel listened: read once more, so nothing changed in between is missed.
  await expect.poll(() => reads).toEqual(["/rides?limit=1", `/rides/${booked.rideId}`]);

  // Cancelled from another device: the page hears it at once, with no poll.
  await account.api.cancelRide(booked.rideId);
  await expect(rideStatus(page)).toHaveText(/^Ride cancelled at no charge\./, { timeout: 5_000 });
  await expect(fact(page.getByRole("main"), "Cancellation fee")).toHaveText("$0.00");
  expect(reads).toHaveLength(2);
});

test("when the live service restarts mid-ride the page says updates are delayed, reconnects, reads the ride once and carries on", async ({
  page,
  account,
  endpoints,
}) => {
  const { live, reads } = await openWatched(page, account, endpoints.siteApiUrl ?? "");
  const pickup = await besideAFreeUnicorn(account.api);
  await planTrip(page, pickup, nearby(pickup, 20));
  await expect.poll(() => live.subscriptions()).toBe(1);
  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(page.getByRole("button", { name: "I'm on board" })).toBeVisible({ timeout: 15_000 });
  const status = liveStatus(page);
  await expect(status).toHaveText(liveWords.on);
  await expectNoViolations(page, "the ride page with live updates on");
  const ride = await account.api.currentRide();

  // Every text the line takes from now on, however briefly.
  await status.evaluate((line) => {
    const seen = [line.textContent];
    Object.assign(window, { liveLineTexts: seen });
    new MutationObserver(() => seen.push(line.textContent)).observe(line, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
  const seen = () => page.evaluate(() => (window as unknown as { liveLineTexts: string[] }).liveLineTexts);
  const before = reads.length;

  // The service restarts while the rider boards (from another device): that change is pushed while the page is
  // between connections, so only the read after reconnecting can bring it.
  await Promise.all([restartLiveEvents(), account.api.board(ride.rideId)]);
  await expect.poll(seen).toContain(liveWords.delayed);
  await expect(status).toHaveText(liveWords.on, { timeout: 20_000 });
  expect((await seen()).slice(-2)).toEqual([liveWords.delayed, liveWords.on]);
  expect(live.sockets()).toBe(2);

  // Read once after reconnecting (the polls' 10 seconds have not passed), and the ride is right.
  await expect.poll(() => reads.slice(before)).toContain(`/rides/${ride.rideId}`);
  await expect(rideStatus(page)).toHaveText(/You're on board|You've arrived/);
  await expect(page.getByRole("button", { name: "I'm on board" })).toHaveCount(0);

  // The new connection carries on: the sweep's ending is pushed on it.
  await expect(rideStatus(page)).toHaveText(`You've arrived. Thanks for riding with ${ride.unicorn.name}.`);
  await expect
    .poll(() => live.pushedRides().some((r) => r.rideId === ride.rideId && r.status === "COMPLETED"), {
      timeout: 15_000,
    })
    .toBe(true);
  expect(reads.slice(before).filter((read) => read.startsWith("/rides/"))).toEqual([`/rides/${ride.rideId}`]);
});

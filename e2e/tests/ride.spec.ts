/** The ride itself: request, watch the unicorn come, finish with a rating, or cancel; and when nobody is free. */
import { expect, test } from "../fixtures";
import { farFromTheFleet, pickupMap, rideStatus, setPickupAt, sydney } from "../support/ride-page";

test("a rider requests a unicorn, sees it arrive and completes the ride with a 4-star rating", async ({
  page,
  account,
}) => {
  // Standing exactly where a free unicorn is makes the trip zero seconds long (or short, if another test won it).
  const free = (await account.api.unicorns()).filter((u) => u.available);
  const chosen = free[Math.floor(Math.random() * free.length)];
  if (!chosen) throw new Error("no free unicorn in the fleet");
  await account.signIn(page);
  await page.goto("/ride/");
  await setPickupAt(page, chosen.location);
  await expect(rideStatus(page)).toHaveText(/Pickup set/);
  await page.getByRole("button", { name: "Request unicorn" }).click();

  await expect(rideStatus(page)).toHaveText(/is on the way|has arrived/);
  const [ride] = await account.api.rides(1);
  if (!ride) throw new Error("the request made no ride");
  const status = page.getByRole("region", { name: "Ride status" });
  await expect(status.getByText(ride.unicorn.name, { exact: true })).toBeVisible();
  await expect(status.getByText(ride.unicorn.color, { exact: true })).toBeVisible();
  await expect(pickupMap(page).getByText(ride.unicorn.name)).toBeVisible();

  const untilArrival = Math.max(0, Date.parse(ride.arrivesAt) - Date.now());
  await expect(rideStatus(page)).toHaveText(`${ride.unicorn.name} has arrived at your pickup. Hop on!`, {
    timeout: untilArrival + 10_000,
  });
  await page.getByRole("radio", { name: "4 stars" }).check();
  await page.getByRole("button", { name: "Complete ride" }).click();

  await expect(rideStatus(page)).toHaveText(`Ride complete. You gave ${ride.unicorn.name} 4 stars.`);
  await expect(page.getByRole("button", { name: "Request another ride" })).toBeVisible();
  const [completed] = await account.api.rides(1);
  expect(completed).toMatchObject({ rideId: ride.rideId, status: "COMPLETED", rating: 4 });
});

test("a rider watches the countdown tick and cancels the ride, which frees the unicorn", async ({ page, account }) => {
  await account.signIn(page);
  await page.goto("/ride/");
  await setPickupAt(page, farFromTheFleet);
  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(rideStatus(page)).toHaveText(/is on the way — arrives in about \d+ (seconds|minutes)\./);

  const countdown = page.getByRole("timer");
  await expect(countdown).toHaveText(/^\d+:\d\d$/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first ?? "");

  await page.getByRole("button", { name: "Cancel ride" }).click();
  await expect(rideStatus(page)).toHaveText(/^Ride cancelled\. \w+ is free again\.$/);
  await expect(page.getByRole("button", { name: "Cancel ride" })).toHaveCount(0);
  const [ride] = await account.api.rides(1);
  expect(ride?.status).toBe("CANCELLED");
  const unicorn = (await account.api.unicorns()).find((u) => u.name === ride?.unicorn.name);
  expect(unicorn?.available).toBe(true);
});

test("with no unicorn near the pickup, the rider is told so in place and can choose again", async ({
  page,
  account,
}) => {
  await account.signIn(page);
  await page.goto("/ride/");
  await setPickupAt(page, sydney);
  await expect(page.getByText(`Pickup ${sydney.latitude.toFixed(5)}, ${sydney.longitude.toFixed(5)}`)).toBeVisible();
  await page.getByRole("button", { name: "Request unicorn" }).click();

  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/No unicorn is free near your pickup right now/);
  await expect(page.getByRole("button", { name: "Request unicorn" })).toBeEnabled();
  expect(await account.api.rides()).toEqual([]);
});

test("when the connection drops after the server booked the ride, Try again gets that same ride, not a second one", async ({
  page,
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
  await account.signIn(page);
  await page.goto("/ride/");
  await setPickupAt(page, farFromTheFleet);
  await page.getByRole("button", { name: "Request unicorn" }).click();

  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/We couldn't reach Wild Rydes/);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(rideStatus(page)).toHaveText(/is on the way/);

  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  const rides = await account.api.rides();
  expect(rides).toHaveLength(1);
  await page.getByRole("button", { name: "Cancel ride" }).click();
  await expect(rideStatus(page)).toHaveText(/Ride cancelled/);
});

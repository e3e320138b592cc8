/** A 390 × 844 phone: nothing scrolls sideways, and a rider can tap a trip, request, cancel and see the receipt. */
import { expect, test } from "../fixtures";
import { mapCanvas, pickupSet, rideMap, rideStatus, tapMap } from "../support/ride-page";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function fitsTheScreen(page: import("@playwright/test").Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
}

test("on a phone every page fits and a rider can tap a trip, request it and cancel", async ({ page, account }) => {
  for (const path of ["/", "/signin/", "/register/", "/forgot-password/"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await fitsTheScreen(page);
  }

  await account.signIn(page);
  for (const path of ["/rides/", "/unicorns/"]) {
    await page.goto(path);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await fitsTheScreen(page);
  }
  await page.goto("/ride/");
  await expect(mapCanvas(page)).toBeVisible();
  const box = await rideMap(page).boundingBox();
  if (!box) throw new Error("the map has no size");
  expect(box.width).toBeGreaterThan(330);
  await tapMap(page, { x: 15, y: -10 });
  await expect(rideStatus(page)).toHaveText(pickupSet);
  await tapMap(page, { x: -40, y: 50 });
  await expect(rideStatus(page)).toHaveText(/^Your trip costs/);
  await fitsTheScreen(page);
  await page.getByRole("button", { name: "Request unicorn" }).tap();
  await expect(rideStatus(page)).toHaveText(/is on the way|has arrived/);
  await fitsTheScreen(page);
  await page.getByRole("button", { name: "Cancel ride" }).tap();
  await page.getByRole("button", { name: /^Yes, cancel for/ }).tap();
  await expect(rideStatus(page)).toHaveText(/Ride cancelled/);
  await expect(page.getByRole("button", { name: "Request another ride" })).toBeVisible();
  await fitsTheScreen(page);
});

/** A 360 px phone: nothing scrolls sideways, and a rider can tap a pickup and request a unicorn. */
import { expect, test } from "../fixtures";
import { pickupMap, rideStatus } from "../support/ride-page";

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

async function fitsTheScreen(page: import("@playwright/test").Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
}

test("on a 360 px phone every page fits and a rider can request and cancel a ride", async ({ page, account }) => {
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
  const map = pickupMap(page);
  await expect(map).toBeVisible();
  const box = await map.boundingBox();
  if (!box) throw new Error("the map has no size");
  expect(box.width).toBeGreaterThan(300);
  await page.touchscreen.tap(box.x + box.width / 2 + 15, box.y + box.height / 2 - 10);
  await page.getByRole("button", { name: "Request unicorn" }).tap();
  await expect(rideStatus(page)).toHaveText(/is on the way|has arrived/);
  await fitsTheScreen(page);
  await page.getByRole("button", { name: "Cancel ride" }).tap();
  await expect(rideStatus(page)).toHaveText(/Ride cancelled/);
});

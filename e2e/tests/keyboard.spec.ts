/** The whole ride without a mouse: the map, the price, the request, boarding, rating and cancelling by keyboard. */
import { nearby } from "@wildrydes/testing/rider-api";
import { expect, test } from "../fixtures";
import { besideAFreeUnicorn, mapCanvas, pickupSet, rideStatus } from "../support/ride-page";
import { tabTo } from "../support/session";

const focused = (locator: import("@playwright/test").Locator) => () =>
  locator.evaluate((el) => el === document.activeElement);

test("a keyboard-only rider sets pickup and destination on the map, requests a unicorn and cancels", async ({
  ridePage: page,
}) => {
  // MapLibre's canvas takes the focus: arrows pan it, Enter sets the point under the centre cross.
  const map = mapCanvas(page);
  await tabTo(page, focused(map), 30);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  await expect(rideStatus(page)).toHaveText(pickupSet);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await expect(rideStatus(page)).toHaveText(/^Your trip costs \$\d+\.\d\d\./);

  const request = page.getByRole("button", { name: "Request unicorn" });
  await tabTo(page, focused(request), 30);
  await page.keyboard.press("Enter");
  await expect(rideStatus(page)).toHaveText(/is on the way|has arrived/);
  // Focus moved to the news, not lost with the button that disappeared.
  await expect(page.getByRole("heading", { name: "Ride status" })).toBeFocused();

  const cancel = page.getByRole("button", { name: "Cancel ride" });
  await tabTo(page, focused(cancel));
  await page.keyboard.press("Enter");
  await expect(page.getByText(/^Cancel this ride\?/)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: /^Yes, cancel for/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(rideStatus(page)).toHaveText(/Ride cancelled/);
  await expect(page.getByRole("heading", { name: "Ride status" })).toBeFocused();
});

test("a keyboard-only rider types the trip in, boards, rides and rates with the arrow keys", async ({
  ridePage: page,
  account,
}) => {
  const pickup = await besideAFreeUnicorn(account.api);

  const coordinates = page.getByText("Enter coordinates instead");
  await tabTo(page, focused(coordinates), 30);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  for (const at of [pickup, nearby(pickup, 20)]) {
    await expect(page.getByRole("textbox", { name: "Latitude" })).toBeFocused();
    await page.keyboard.type(String(at.latitude));
    await page.keyboard.press("Tab");
    await page.keyboard.type(String(at.longitude));
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab");
  }
  await expect(rideStatus(page)).toHaveText(/^Your trip costs/);
  await tabTo(page, focused(page.getByRole("button", { name: "Request unicorn" })));
  await page.keyboard.press("Enter");

  const onBoard = page.getByRole("button", { name: "I'm on board" });
  await expect(onBoard).toBeVisible({ timeout: 60_000 });
  await tabTo(page, focused(onBoard));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused({ timeout: 15_000 });

  await tabTo(page, focused(page.getByRole("radio", { name: "1 star" })));
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "3 stars" })).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Send rating" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(rideStatus(page)).toHaveText(/You gave \w+ 3 stars\./);
  await expect(page.getByRole("button", { name: "Request another ride" })).toBeFocused();
});

test("the skip link takes keyboard riders straight to the page content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("main").getByRole("link", { name: "Create an account" })).toBeFocused();
});

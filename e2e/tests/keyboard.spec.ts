/** The whole ride journey without a mouse: focus order reaches the map, the request and the ride's controls. */
import { expect, test } from "../fixtures";
import { pickupMap, rideStatus } from "../support/ride-page";
import { tabTo } from "../support/session";

test("a keyboard-only rider sets a pickup on the map, requests a unicorn and cancels", async ({ page, account }) => {
  await account.signIn(page);
  await page.goto("/ride/");
  const map = pickupMap(page);
  await expect(map).toBeVisible();
  await expect(page.getByRole("button", { name: "Request unicorn" })).toBeDisabled();

  await tabTo(page, () => map.evaluate((el) => el === document.activeElement));
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  await expect(rideStatus(page)).toHaveText("Pickup set. Request a unicorn when you're ready.");

  const request = page.getByRole("button", { name: "Request unicorn" });
  await tabTo(page, () => request.evaluate((el) => el === document.activeElement));
  await page.keyboard.press("Enter");
  await expect(rideStatus(page)).toHaveText(/is on the way|has arrived/);
  // Focus moved to the news, not lost with the button that disappeared.
  await expect(page.getByRole("heading", { name: "Ride status" })).toBeFocused();

  const cancel = page.getByRole("button", { name: "Cancel ride" });
  await tabTo(page, () => cancel.evaluate((el) => el === document.activeElement));
  await page.keyboard.press("Enter");
  await expect(rideStatus(page)).toHaveText(/Ride cancelled/);
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

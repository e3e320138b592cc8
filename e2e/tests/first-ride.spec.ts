/** The walking skeleton's journey: a new rider registers, verifies, signs in and gets a unicorn. */
import { expect, test } from "../fixtures";
import { mapCanvas, pickupSet, rideStatus, tapMap } from "../support/ride-page";

test("a new rider registers, verifies their email, signs in, picks a trip on the map and requests a unicorn", async ({
  page,
  rider,
  endpoints,
}) => {
  await page.goto("/");
  await page.getByRole("main").getByRole("link", { name: "Create an account" }).click();

  await page.getByRole("textbox", { name: "Email" }).fill(rider.email);
  // The policy is checked as the rider types.
  const numberRule = page.getByRole("listitem").filter({ hasText: "A number" });
  await page.getByLabel("Password", { exact: true }).fill("Unicorn-Rides");
  await expect(numberRule).toContainText("(not yet)");
  await page.getByLabel("Password", { exact: true }).fill(rider.password);
  await expect(numberRule).toContainText("(done)");
  await page.getByLabel("Confirm password").fill(rider.password);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/verify\//);
  await page.getByRole("textbox", { name: "Verification code" }).fill(endpoints.verificationCode);
  await page.getByRole("button", { name: "Confirm email" }).click();

  await expect(page).toHaveURL(/\/signin\//);
  await page.getByRole("textbox", { name: "Email" }).fill(rider.email);
  await page.getByLabel("Password").fill(rider.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/ride\//);
  await expect(mapCanvas(page)).toBeVisible();
  await expect(page.getByRole("button", { name: "Request unicorn" })).toHaveCount(0);
  // The first click sets the pickup, the second the destination.
  await tapMap(page, { x: 20, y: 10 });
  await expect(rideStatus(page)).toHaveText(pickupSet);
  await tapMap(page, { x: 60, y: -40 });
  await expect(rideStatus(page)).toHaveText(/^Your trip costs \$\d+\.\d\d\./);
  await page.getByRole("button", { name: "Request unicorn" }).click();

  await expect(page.getByText(/is on the way/)).toBeVisible();
  await expect(page.getByText(/is on the way/)).toContainText(
    /, the (golden|white|yellow|rose|lavender|silver|blue|black|green|copper|orange|pearl) unicorn,/,
  );
  // Hand the unicorn back: the fleet is shared by the tests running alongside.
  await page.getByRole("button", { name: "Cancel ride" }).click();
  await page.getByRole("button", { name: /^Yes, cancel/ }).click();
  await expect(page.getByText(/Ride cancelled/)).toBeVisible();
});

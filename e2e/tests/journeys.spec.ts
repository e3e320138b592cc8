/**
 * The ride page at a desktop window and a phone: a trip set by tap, by keyboard and by place name, then a whole ride
 * with every action and the status on screen without scrolling, and axe clean in every state.
 */
import { nearby } from "@wildrydes/testing/rider-api";
import { expect, test } from "../fixtures";
import { expectNoViolations } from "../support/axe";
import {
  besideAFreeUnicorn,
  choosePlace,
  expectNamed,
  expectOnScreen,
  mapCanvas,
  pickupSet,
  pointLine,
  rideMap,
  rideStatus,
  screens,
  setPointAt,
  tapMap,
} from "../support/ride-page";
import { tabTo } from "../support/session";

const priced = /^Your trip costs \$\d+\.\d\d\. Request a unicorn when you're ready\.$/;

for (const [screen, use] of Object.entries(screens)) {
  test.describe(`on a ${screen}`, () => {
    test.use(use);

    test("a rider taps the pickup and the destination on the map and sees each named", async ({ ridePage: page }) => {
      await expect(rideStatus(page)).toHaveText("Set your pickup to get a price.");
      await expectNoViolations(page, `planning (${screen})`);

      await tapMap(page, { x: 20, y: 10 });
      // Feedback at once, where the rider looks: the marker, the status and the named point.
      await expect(rideMap(page).getByText("Pickup", { exact: true })).toBeVisible();
      await expect(rideStatus(page)).toHaveText(pickupSet);
      await expectNamed(page, "Pickup");
      await expectOnScreen(page, rideStatus(page));
      await expectNoViolations(page, `pickup set by tap (${screen})`);

      await tapMap(page, { x: -50, y: -40 });
      await expect(rideMap(page).getByText("Destination", { exact: true })).toBeVisible();
      await expect(rideStatus(page)).toHaveText(priced);
      await expectNamed(page, "Destination");
      await expectOnScreen(page, rideStatus(page), page.getByRole("button", { name: "Request unicorn" }));
    });

    test("a keyboard rider sets both points from the map canvas with the arrows and Enter", async ({
      ridePage: page,
    }) => {
      const canvas = mapCanvas(page);
      await tabTo(page, () => canvas.evaluate((el) => el === document.activeElement), 40);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("Enter");
      await expect(rideStatus(page)).toHaveText(pickupSet);
      await expect(rideMap(page).getByText("Pickup", { exact: true })).toBeVisible();
      await expectNamed(page, "Pickup");

      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("Enter");
      await expect(rideStatus(page)).toHaveText(priced);
      await expect(rideMap(page).getByText("Destination", { exact: true })).toBeVisible();
      await expectNamed(page, "Destination");
      await expect(canvas).toBeFocused();
    });

    test("Use my location sets the pickup where the browser says the rider stands, and a refusal is put in words", async ({
      ridePage: page,
    }) => {
      // Kerry Park, as the phone's location service would report it.
      await page.context().setGeolocation({ latitude: 47.6295, longitude: -122.3599, accuracy: 20 });
      const locate = page.getByRole("button", { name: "Use my location" });

      // Not shared yet: the browser refuses, and the rider reads why and what else to do.
      const problem = page.getByRole("alert").filter({ hasText: /location/ });
      await locate.click();
      await expect(problem).toHaveText(/isn't sharing your location/);
      await expect(pointLine(page, "Pickup")).toContainText("not set yet");

      await page.context().grantPermissions(["geolocation"]);
      await locate.click();
      await expect(rideStatus(page)).toHaveText(pickupSet);
      await expect(pointLine(page, "Pickup")).toContainText("Kerry Park");
      await expect(problem).toHaveCount(0);
      await expect(rideMap(page).getByText("Pickup", { exact: true })).toBeVisible();
    });

    test("a rider finds the pickup and the destination by place name, with the mouse and the keyboard", async ({
      ridePage: page,
    }) => {
      await choosePlace(page, "Pickup place", "pike pl", "Pike Place Market", "click");
      await expect(rideStatus(page)).toHaveText(pickupSet);
      await expect(pointLine(page, "Pickup")).toContainText("Pike Place Market");
      await expect(rideMap(page).getByText("Pickup", { exact: true })).toBeVisible();
      await expectNoViolations(page, `pickup found by name (${screen})`);

      await choosePlace(page, "Where to?", "needle", "Space Needle", "keyboard");
      await expect(rideStatus(page)).toHaveText(priced);
      await expect(pointLine(page, "Destination")).toContainText("Space Needle");
      await expect(pointLine(page, "Pickup")).toContainText("Pike Place Market");
      await expectOnScreen(page, rideStatus(page), page.getByRole("button", { name: "Request unicorn" }));
    });

    test("a rider rides to the destination with the status and every action on screen, axe clean throughout", async ({
      ridePage: page,
      account,
    }) => {
      // Seven axe runs and a ride: about 35 s on a quiet machine, more when it is shared.
      test.setTimeout(120_000);
      // Beside a free unicorn, so it arrives at once; 200 m is about ten seconds on board, long enough to look at.
      const pickup = await besideAFreeUnicorn(account.api);
      await setPointAt(page, "Pickup", pickup);
      await setPointAt(page, "Destination", nearby(pickup, 200));
      const status = rideStatus(page);
      await expect(status).toHaveText(priced);
      // Setting a point from the coordinates form brings the status and the price back to the top of the sheet.
      const request = page.getByRole("button", { name: "Request unicorn" });
      await expectOnScreen(page, status, request);
      await expectNoViolations(page, `priced (${screen})`);

      await request.click();
      await expect(status).toHaveText(/is on the way|has arrived/);
      const { unicorn, arrivesAt } = await account.api.currentRide();
      const assigned = rideMap(page).getByRole("img", {
        name: new RegExp(`^${unicorn.name}, ${unicorn.color.toLowerCase()} unicorn`),
      });
      await expect(assigned).toBeVisible();
      const cancel = page.getByRole("button", { name: "Cancel ride" });
      await expectOnScreen(page, status, cancel);
      await expectNoViolations(page, `on the way (${screen})`);

      const onBoard = page.getByRole("button", { name: "I'm on board" });
      await expect(onBoard).toBeVisible({ timeout: Math.max(0, Date.parse(arrivesAt) - Date.now()) + 10_000 });
      await expect(status).toHaveText(/has arrived at your pickup/);
      await expectOnScreen(page, status, onBoard, cancel);
      await expectNoViolations(page, `arrived (${screen})`);

      await onBoard.click();
      await expect(status).toHaveText(/^You're on board/);
      await expectOnScreen(page, status);
      await expect(assigned).toBeVisible();
      await expectNoViolations(page, `on board (${screen})`);

      await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused({ timeout: 20_000 });
      await expect(status).toHaveText(`You've arrived. Thanks for riding with ${unicorn.name}.`);
      const send = page.getByRole("button", { name: "Send rating" });
      await expectOnScreen(page, status, page.getByRole("radio", { name: "1 star" }), send);
      await expectNoViolations(page, `receipt (${screen})`);

      await page.getByRole("radio", { name: "5 stars" }).check();
      await send.click();
      await expect(status).toHaveText(`You've arrived. You gave ${unicorn.name} 5 stars.`);
      const another = page.getByRole("button", { name: "Request another ride" });
      await expectOnScreen(page, status, another);
      await expectNoViolations(page, `rated (${screen})`);
    });
  });
}

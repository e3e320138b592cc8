/** The ride page in each state, at a desktop window and a phone, as PNGs for the README (docs/screenshots/). */
import { fileURLToPath } from "node:url";
import { nearby } from "@wildrydes/testing/rider-api";
import { expect, test } from "../fixtures";
import {
  besideAFreeUnicorn,
  choosePlace,
  mapCanvas,
  rideMap,
  rideStatus,
  screens,
  setPointAt,
} from "../support/ride-page";

const folder = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

for (const [screen, use] of Object.entries(screens)) {
  test.describe(screen, () => {
    test.use(use);

    test(`the ride page's states on a ${screen}`, async ({ page, account }) => {
      test.setTimeout(90_000);
      const shoot = async (state: string) => {
        // Let the map finish moving (fits and marker animations) before the picture.
        await page.waitForTimeout(1_200);
        await page.screenshot({ path: `${folder}ride-${state}-${screen}.png`, animations: "disabled", caret: "hide" });
      };
      await account.signIn(page);
      await page.goto("/ride/");
      await expect(mapCanvas(page)).toBeVisible();
      await choosePlace(page, "Pickup place", "Pike Place", "Pike Place Market", "click");
      await expect(
        rideMap(page)
          .getByRole("img", { name: /unicorn, free$/ })
          .first(),
      ).toBeVisible();
      await shoot("planning");
      await choosePlace(page, "Where to?", "Space Needle", "Space Needle", "click");
      await expect(rideStatus(page)).toHaveText(/^Your trip costs/);
      await shoot("quote");

      // The ride itself: 300 m east (inland) of a free unicorn, a few seconds on the way, then the 200 m trip.
      const unicorn = await besideAFreeUnicorn(account.api);
      const pickup = { latitude: unicorn.latitude, longitude: Number((unicorn.longitude + 0.004).toFixed(6)) };
      await setPointAt(page, "Pickup", pickup);
      await setPointAt(page, "Destination", nearby(pickup, 200));
      await expect(rideStatus(page)).toHaveText(/^Your trip costs/);
      await page.getByRole("button", { name: "Request unicorn" }).click();
      await expect(rideStatus(page)).toHaveText(/is on the way/);
      await shoot("en-route");

      await page.getByRole("button", { name: "I'm on board" }).click({ timeout: 40_000 });
      await expect(rideStatus(page)).toHaveText(/^You're on board/);
      await shoot("on-board");

      await expect(page.getByRole("heading", { name: "Receipt" })).toBeFocused({ timeout: 20_000 });
      await page.getByRole("radio", { name: "5 stars" }).check();
      await shoot("receipt");
    });
  });
}

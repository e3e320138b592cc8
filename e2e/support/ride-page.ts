/** Steps on the ride page, named as a rider would say them. */
import { expect, type Locator, type Page } from "@playwright/test";
import type { Location } from "@wildrydes/core/rules/geo";
import type { RiderApi } from "@wildrydes/testing/rider-api";
import { nameOf } from "../../web/lib/places";

export function rideStatus(page: Page) {
  return page.getByRole("region", { name: "Ride status" }).getByRole("status");
}

export function rideMap(page: Page) {
  return page.getByRole("region", { name: "Ride map" });
}

/** The value a description list gives for `term`, e.g. fact(receipt, "Fare charged"). */
export function fact(scope: Locator, term: string) {
  return scope.locator("dt", { hasText: new RegExp(`^${term}$`) }).locator("xpath=following-sibling::dd[1]");
}

/** Types a point in as coordinates: exact, so a test can stand the rider right next to a unicorn. */
export async function setPointAt(page: Page, point: "Pickup" | "Destination", at: Location) {
  await page.getByRole("radio", { name: new RegExp(`^${point}`) }).check();
  const latitude = page.getByRole("textbox", { name: "Latitude" });
  if (!(await latitude.isVisible())) await page.getByText("Enter coordinates instead").click();
  await latitude.fill(String(at.latitude));
  await page.getByRole("textbox", { name: "Longitude" }).fill(String(at.longitude));
  await page.getByRole("button", { name: `Set ${point.toLowerCase()}` }).click();
}

/** Sets both points and waits for the price, ready to request. */
export async function planTrip(page: Page, pickup: Location, dropoff: Location) {
  await setPointAt(page, "Pickup", pickup);
  await setPointAt(page, "Destination", dropoff);
  await expect(rideStatus(page)).toHaveText(/^Your trip costs \$\d+\.\d\d\. Request a unicorn when you're ready\.$/);
  await expect(page.getByRole("button", { name: "Request unicorn" })).toBeEnabled();
}

/** Where a free unicorn stands now: a pickup there arrives at once (or soon, if a test alongside won it first). */
export async function besideAFreeUnicorn(api: RiderApi): Promise<Location> {
  const free = (await api.unicorns()).filter((u) => u.available);
  const chosen = free[Math.floor(Math.random() * free.length)];
  if (!chosen) throw new Error("no free unicorn in the fleet");
  return chosen.location;
}

/** North-east Seattle, kilometres from where the fleet stands: the countdown has time to tick. */
export const farFromTheFleet: Location = { latitude: 47.66, longitude: -122.3 };

/** Tacoma, about 40 km south: outside the 25 km service area. */
export const tacoma: Location = { latitude: 47.2529, longitude: -122.4443 };

/** The map's canvas (the first view's, then MapLibre's): it takes the keyboard focus and the taps. */
export function mapCanvas(page: Page) {
  return rideMap(page).locator("canvas:visible");
}

/** A signed-in rider opens the ride page and sees the map drawn (the first view: MapLibre waits for a touch). */
export async function openRidePage(page: Page, rider: { signIn: (page: Page) => Promise<void> }) {
  await rider.signIn(page);
  await page.goto("/ride/");
  await expect(mapCanvas(page)).toBeVisible();
}

/** Taps (or clicks, without a touch screen) the map about `offset` px from its centre, on the canvas itself. */
export async function tapMap(page: Page, offset = { x: 0, y: 0 }) {
  // Found from the map's frame, which stays while the first view hands over to MapLibre in place after the first
  // touch: a canvas found before that swap and searched after it is on top nowhere. In one turn of the page, the spot
  // goes to whichever view's canvas is on top then.
  const spot = await rideMap(page)
    .locator("..")
    .evaluate((frame, o) => {
      const box = frame.getBoundingClientRect();
      // Markers, labels and (on a phone) the bottom sheet sit over the canvas: walk outwards to the first spot where
      // a canvas gets the tap. The sheet's height varies with its content, so the walk reaches well past it.
      for (let r = 0; r <= 320; r += 8) {
        for (const [sx, sy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [-1, 0],
          [0, -1],
          [1, 1],
          [-1, -1],
          [1, -1],
          [-1, 1],
        ]) {
          const x = box.left + box.width / 2 + o.x + (sx ?? 0) * r;
          const y = box.top + box.height / 2 + o.y + (sy ?? 0) * r;
          const hit = document.elementFromPoint(x, y);
          if (hit instanceof HTMLCanvasElement && frame.contains(hit)) {
            return { x, y, touch: navigator.maxTouchPoints > 0 };
          }
        }
      }
      return null;
    }, offset);
  if (!spot) throw new Error("no free spot on the map near the offset");
  if (spot.touch) await page.touchscreen.tap(spot.x, spot.y);
  else await page.mouse.click(spot.x, spot.y);
}

/** The planner's line for a point: its name (or "Dropped pin") with the coordinates as a detail. */
export function pointLine(page: Page, point: "Pickup" | "Destination") {
  return page.locator("label").filter({ has: page.getByRole("radio", { name: new RegExp(`^${point}`) }) });
}

/** Chooses a place by name in the planner's search ("Pickup place" or "Where to?"), by click or by keyboard. */
export async function choosePlace(
  page: Page,
  search: "Pickup place" | "Where to?",
  typed: string,
  place: string,
  by: "click" | "keyboard",
) {
  const box = page.getByRole("combobox", { name: search });
  await box.fill(typed);
  const option = page.getByRole("listbox").getByRole("option", { name: place, exact: true });
  await expect(option).toBeVisible();
  if (by === "click") {
    await option.click();
    return;
  }
  // Down to the wanted option, then Enter: the options keep their order, so count the steps.
  const names = await page.getByRole("listbox").getByRole("option").allTextContents();
  const steps = names.findIndex((n) => n.startsWith(place)) + 1;
  for (let i = 0; i < steps; i++) await box.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
}

/** The rider sees it without scrolling: the page has not scrolled and the element is inside the viewport. */
export async function expectOnScreen(page: Page, ...locators: Locator[]) {
  expect(await page.evaluate(() => window.scrollY), "page scrolled").toBe(0);
  for (const locator of locators) await expect(locator).toBeInViewport();
}

/** The line names its point as the app's place list does: the nearest known place, a neighbourhood or "Dropped pin". */
export async function expectNamed(page: Page, point: "Pickup" | "Destination"): Promise<string> {
  const line = pointLine(page, point);
  const coordinates = /(-?\d+\.\d{5}), (-?\d+\.\d{5})/;
  await expect(line).toContainText(coordinates);
  const [, latitude, longitude] = ((await line.textContent()) ?? "").match(coordinates) ?? [];
  const name = nameOf({ latitude: Number(latitude), longitude: Number(longitude) }).name ?? "Dropped pin";
  await expect(line).toContainText(name);
  return name;
}

/** The two sizes every journey is proved at: a desktop window and a 390 × 844 phone with a touch screen. */
export const screens = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

/** The status once the pickup is set: "Pickup set at Space Needle. Now choose your destination." (or near, or at coordinates). */
export const pickupSet = /^Pickup set (at|near) .+\. Now choose your destination\.$/;

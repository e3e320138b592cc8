/** Steps on the ride page, named as a rider would say them. */
import { expect, type Locator, type Page } from "@playwright/test";
import type { Location } from "@wildrydes/core/geo";
import type { RiderApi } from "@wildrydes/testing/api";

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

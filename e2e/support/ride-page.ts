/** Steps on the ride page, named as a rider would say them. */
import type { Page } from "@playwright/test";
import type { Location } from "@wildrydes/core/geo";

export function rideStatus(page: Page) {
  return page.getByRole("region", { name: "Ride status" }).getByRole("status");
}

export function pickupMap(page: Page) {
  return page.getByRole("region", { name: "Pickup map" });
}

/** Types the pickup in as coordinates: exact, so a test can stand the rider right next to a unicorn. */
export async function setPickupAt(page: Page, at: Location) {
  const latitude = page.getByRole("textbox", { name: "Latitude" });
  if (!(await latitude.isVisible())) await page.getByText("Enter coordinates instead").click();
  await latitude.fill(String(at.latitude));
  await page.getByRole("textbox", { name: "Longitude" }).fill(String(at.longitude));
  await page.getByRole("button", { name: "Set pickup" }).click();
}

/** North-east Seattle, kilometres from where the fleet stands: the countdown has time to tick. */
export const farFromTheFleet: Location = { latitude: 47.66, longitude: -122.3 };

/** Sydney: dispatch searches only cells near the pickup, so nobody in Seattle is found or disturbed. */
export const sydney: Location = { latitude: -33.8688, longitude: 151.2093 };

/** My rides: newest first, in pages, each with its own detail page; and a friendly empty state. */
import { expect, test } from "../fixtures";

test("a new rider sees an empty history with a way to their first ride", async ({ page, account }) => {
  await account.signIn(page);
  await page.goto("/rides/");
  await expect(page.getByRole("heading", { name: "No rides yet" })).toBeVisible();
  await page.getByRole("link", { name: "Request your first ride" }).click();
  await expect(page).toHaveURL(/\/ride\/$/);
});

test("a rider with eleven rides pages through them, newest first, and opens one", async ({ page, account }) => {
  // Arranged through the API: each ride is requested and cancelled at once, so the shared fleet stays free.
  const made = [];
  for (let i = 0; i < 11; i++) {
    const ride = await account.api.requestRide({ latitude: 47.61 + i * 0.001, longitude: -122.33 });
    made.push(await account.api.cancelRide(ride.rideId));
  }
  const newest = made.at(-1);
  const oldest = made[0];
  if (!newest || !oldest) throw new Error("no rides made");

  await account.signIn(page);
  await page.goto("/rides/");
  const list = page.getByRole("main").getByRole("list");
  await expect(page.getByRole("status")).toHaveText("Showing 10 rides, newest first.");
  await expect(list.getByRole("listitem")).toHaveCount(10);
  await expect(list.getByRole("listitem").first().getByText("Cancelled")).toBeVisible();

  await page.getByRole("button", { name: "Load more rides" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(11);
  await expect(page.getByRole("status")).toHaveText("Showing 11 rides, newest first.");
  await expect(page.getByRole("button", { name: "Load more rides" })).toHaveCount(0);
  // Focus lands on the first ride that was added, the oldest here.
  const eleventh = list.getByRole("listitem").nth(10).getByRole("link");
  await expect(eleventh).toBeFocused();
  await expect(eleventh).toHaveAttribute("href", `/rides/?id=${oldest.rideId}`);

  await list.getByRole("listitem").first().getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/rides/\\?id=${newest.rideId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Ride with ${newest.unicorn.name}`);
  await expect(page.getByText(`${newest.unicorn.name} (${newest.unicorn.color})`)).toBeVisible();
  await expect(page.getByRole("main").getByText("Cancelled", { exact: true }).first()).toBeVisible();
});

test("a ride id that is not the rider's reads as not found", async ({ page, account }) => {
  await account.signIn(page);
  await page.goto("/rides/?id=01JZZZZZZZZZZZZZZZZZZZZZZZ");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/We couldn't find that ride/);
});

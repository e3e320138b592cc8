/** axe-core on every page and state a rider meets, against WCAG 2.2 AA: zero violations allowed. */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { pickupMap, rideStatus, setPickupAt, sydney } from "../support/ride-page";

async function expectNoViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, `axe violations on ${state}`).toEqual([]);
}

test("signed-out pages have no WCAG 2.2 AA violations", async ({ page }) => {
  const pages: Array<[string, string]> = [
    ["/", "Unicorn rides, on demand."],
    ["/register/", "Create your account"],
    ["/verify/", "Confirm your email"],
    ["/signin/", "Sign in"],
    ["/forgot-password/", "Reset your password"],
    ["/no-such-page/", "Page not found"],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
    await expectNoViolations(page, path);
  }
  // Error states: field errors and a form alert.
  await page.goto("/register/");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter an email address like name@example.com.")).toBeVisible();
  await expectNoViolations(page, "/register/ with field errors");
});

test("rider pages and ride states have no WCAG 2.2 AA violations", async ({ page, account }) => {
  await account.signIn(page);
  await page.goto("/rides/");
  await expect(page.getByRole("heading", { name: "No rides yet" })).toBeVisible();
  await expectNoViolations(page, "/rides/ (empty)");

  await page.goto("/unicorns/");
  await expect(page.getByRole("status")).toHaveText(/unicorns are free/);
  await expectNoViolations(page, "/unicorns/");

  await page.goto("/ride/");
  await expect(pickupMap(page)).toBeVisible();
  await expect(rideStatus(page)).toHaveText("Set a pickup to request a unicorn.");
  await expectNoViolations(page, "/ride/ (choosing)");

  await setPickupAt(page, sydney);
  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await expectNoViolations(page, "/ride/ (no unicorn alert)");

  // The arrived state, with the rating and both ride buttons: a pickup right at a free unicorn.
  const free = (await account.api.unicorns()).filter((u) => u.available);
  const chosen = free[Math.floor(Math.random() * free.length)];
  if (!chosen) throw new Error("no free unicorn in the fleet");
  await setPickupAt(page, chosen.location);
  await page.getByRole("button", { name: "Request unicorn" }).click();
  await expect(page.getByRole("button", { name: "Cancel ride" })).toBeVisible();
  await expectNoViolations(page, "/ride/ (on the way or arrived)");
  const [ride] = await account.api.rides(1);
  const untilArrival = Math.max(0, Date.parse(ride?.arrivesAt ?? "") - Date.now());
  await expect(page.getByRole("button", { name: "Complete ride" })).toBeVisible({ timeout: untilArrival + 10_000 });
  await expectNoViolations(page, "/ride/ (arrived)");
  await page.getByRole("button", { name: "Complete ride" }).click();
  await expect(rideStatus(page)).toHaveText(/Ride complete/);

  await page.goto("/rides/");
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(1);
  await expectNoViolations(page, "/rides/ (one ride)");
  await page.getByRole("main").getByRole("listitem").getByRole("link").click();
  await expect(page.getByText("Not rated")).toBeVisible();
  await expectNoViolations(page, "/rides/?id= (detail)");
});

/**
 * The fleet page: each unicorn's rating and completed rides, counted from the table's change stream a few seconds
 * after a ride ends (the sweep makes the ending durable), so the page is reloaded until they show.
 */
import type { Page } from "@playwright/test";
import { nearby } from "@wildrydes/testing/rider-api";
import { expect, test } from "../fixtures";
import { expectNoViolations } from "../support/axe";
import { besideAFreeUnicorn } from "../support/ride-page";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = (iso: string | undefined) => sleep(Math.max(0, Date.parse(iso ?? "") - Date.now()) + 250);

/** A unicorn's card as screen readers get it (aria-hidden drawing left out), e.g. "- definition: 4.5 out of 5 …". */
const cardOf = (page: Page, name: string) =>
  page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });

/** The figures a card says aloud: its ratings count (0 when not rated yet) and completed rides. */
function figuresIn(snapshot: string) {
  const rated = snapshot.match(/definition: (\d\.\d) out of 5 stars, from (\d+) ratings?/);
  const rides = snapshot.match(/term: Completed rides\s+- definition: "?(\d+)"?/);
  return {
    rating: rated ? Number(rated[1]) : null,
    ratings: rated ? Number(rated[2]) : 0,
    rides: rides ? Number(rides[1]) : null,
  };
}

test("a unicorn's rating and completed rides show on the fleet page moments after a rated ride", async ({
  page,
  account,
}) => {
  const { api } = account;
  // At a free unicorn with the destination 20 m off: it arrives at once and the trip lasts a second.
  const pickup = await besideAFreeUnicorn(api);
  const requested = await api.requestRide(pickup, nearby(pickup, 20));
  const { name } = requested.unicorn;
  // The fleet is shared with tests running alongside: this ride is proven by the counts growing past these.
  const before = (await api.unicorns()).find((u) => u.name === name);
  if (!before) throw new Error(`${name} is not in the fleet`);
  await until(requested.arrivesAt);
  const boarded = await api.board(requested.rideId);
  await until(boarded.dropoffAt);
  await api.rate(boarded.rideId, 5);

  await account.signIn(page);
  await page.goto("/unicorns/");
  await expect(page.getByRole("status")).toHaveText(/unicorns are free/);
  const card = cardOf(page, name);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("status")).toHaveText(/unicorns are free/, { timeout: 2_000 });
    const now = figuresIn(await card.ariaSnapshot());
    expect(now.ratings).toBeGreaterThan(before.ratings);
    expect(now.rides).toBeGreaterThan(before.rides);
  }).toPass({ timeout: 20_000, intervals: [1_000] });

  // Drawn as "4.5 ★ (2 ratings)"; the star and brackets are for the eye only.
  const rating = card.locator("dt", { hasText: /^Rating$/ }).locator("xpath=following-sibling::dd[1]");
  await expect(rating.locator("[aria-hidden=true]")).toHaveText(/^\d\.\d ★ \(\d+ ratings?\)$/);
  await expectNoViolations(page, "/unicorns/ (rated)");
});

test("a unicorn nobody has rated says so in words", async ({ page, account }) => {
  const unrated = { rating: null, ratings: 0, rides: 0 };
  await page.route(
    (url) => url.pathname === "/api/unicorns",
    async (route) => {
      const answer = await route.fetch();
      const { unicorns } = (await answer.json()) as { unicorns: { name: string }[] };
      return route.fulfill({ response: answer, json: { unicorns: unicorns.map((u) => ({ ...u, ...unrated })) } });
    },
  );
  await account.signIn(page);
  await page.goto("/unicorns/");
  const first = page.getByRole("main").getByRole("listitem").first();
  await expect(first).toMatchAriaSnapshot(`
    - term: Rating
    - definition: Not rated yet
    - term: Completed rides
    - definition: "0"
  `);
  await expectNoViolations(page, "/unicorns/ (not rated yet)");
});

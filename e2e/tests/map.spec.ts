/**
 * The map itself, at a desktop window and a phone: offline it draws Seattle's water, land and places (read from the
 * pixels it rendered and the labels it placed, with nothing fetched from the internet); the first view needs no map
 * library and hands over to MapLibre in place; free unicorns stand on it in their own colours before a ride; a view
 * lost far away comes back with "Back to Seattle".
 */

import { offlineColours } from "../../web/lib/map/offline-style";
import { unicornColours } from "../../web/lib/map/unicorn-colours";
import { expect, test } from "../fixtures";
import { expectNoViolations } from "../support/axe";
import { colourShares, rgbOf } from "../support/map-pixels";
import {
  choosePlace,
  mapCanvas,
  openRidePage,
  pickupSet,
  rideMap,
  rideStatus,
  screens,
  setPointAt,
} from "../support/ride-page";

const sydney = { latitude: -33.8688, longitude: 151.2093 };

/** The map's text labels: known places and neighbourhoods, drawn over the canvas. */
function label(page: import("@playwright/test").Page, kind: "map-place" | "map-area", text: string) {
  return rideMap(page).locator(`.${kind}`, { hasText: text });
}

/** Whether the element lies wholly inside the map region's box. */
async function insideTheMap(page: import("@playwright/test").Page, element: import("@playwright/test").Locator) {
  const [map, box] = await Promise.all([rideMap(page).boundingBox(), element.boundingBox()]);
  if (!map || !box) return false;
  return (
    box.x >= map.x &&
    box.y >= map.y &&
    box.x + box.width <= map.x + map.width &&
    box.y + box.height <= map.y + map.height
  );
}

for (const [screen, use] of Object.entries(screens)) {
  test.describe(`on a ${screen}`, () => {
    test.use(use);

    test("offline, the map draws Seattle's water and land and names its places and neighbourhoods", async ({
      ridePage: page,
    }) => {
      const canvas = mapCanvas(page);
      for (const [kind, text] of [
        ["map-place", "Space Needle"],
        ["map-place", "Pike Place Market"],
        ["map-area", "Downtown"],
      ] as const) {
        await expect(label(page, kind, text)).toBeVisible();
        expect(await insideTheMap(page, label(page, kind, text)), `${text} inside the map`).toBe(true);
      }
      // Elliott Bay and the city: each a real share of what the canvas drew (tiles never load, so it is all ours).
      await expect
        .poll(async () => {
          const { water, land } = await colourShares(canvas, {
            water: offlineColours.water,
            land: offlineColours.land,
          });
          return Math.min(water, land);
        })
        .toBeGreaterThanOrEqual(0.05);
      await expectNoViolations(page, `offline map (${screen})`);
      // The fixture's guard fails the test if any request (a font, a tile, a sprite) left 127.0.0.1.
    });

    test("the first view is drawn without the map library, which loads on the first touch and takes over in place", async ({
      page,
      account,
    }) => {
      const library: string[] = [];
      page.on("request", (request) => {
        if (/maplibre/.test(request.url())) library.push(request.url());
      });
      await openRidePage(page, account);
      const needle = label(page, "map-place", "Space Needle");
      await expect(needle).toBeVisible();
      const { water } = await colourShares(mapCanvas(page), { water: offlineColours.water });
      expect(water, "water in the first view").toBeGreaterThanOrEqual(0.05);
      expect(await rideMap(page).locator("canvas.maplibregl-canvas").count(), "no WebGL map yet").toBe(0);
      expect(library, "nothing of MapLibre fetched before the rider touches the map").toEqual([]);
      const before = await needle.boundingBox();

      // Focus is a touch too: the keyboard rider's first Tab onto the map wakes MapLibre, and keeps the focus there.
      await mapCanvas(page).focus();
      await expect(rideMap(page).locator("canvas.maplibregl-canvas")).toBeVisible();
      await expect(mapCanvas(page)).toBeFocused();
      expect(library.length, "MapLibre and its worker fetched").toBeGreaterThan(0);
      // Same projection, same camera: the names stand where they stood.
      await expect(needle).toBeVisible();
      const after = await needle.boundingBox();
      expect(Math.abs((after?.x ?? 0) - (before?.x ?? 0)), "label moved sideways at the hand-over").toBeLessThanOrEqual(
        2,
      );
      expect(
        Math.abs((after?.y ?? 0) - (before?.y ?? 0)),
        "label moved up or down at the hand-over",
      ).toBeLessThanOrEqual(2);
    });

    test("free unicorns near the pickup stand on the map in their own colours before a ride", async ({
      ridePage: page,
      account,
    }) => {
      await choosePlace(page, "Pickup place", "Pike Place", "Pike Place Market", "click");
      await expect(rideStatus(page)).toHaveText(pickupSet);

      const markers = rideMap(page).getByRole("img", { name: /, \w+ unicorn, free$/ });
      await expect(markers.first()).toBeVisible();
      // What the map shows agrees with the fleet the API reports (read again until a neighbour's ride settles).
      await expect
        .poll(async () => {
          const fleet = await account.api.unicorns();
          const shown = await markers.evaluateAll((els) =>
            els.map((el) => {
              const body = el.querySelector(".map-unicorn__body") ?? el;
              return { label: el.getAttribute("aria-label") ?? "", colour: getComputedStyle(body).backgroundColor };
            }),
          );
          const problems = shown.map(({ label, colour }) => {
            const [name, kind] = label.split(", ");
            const unicorn = fleet.find((u) => u.name === name);
            if (!unicorn) return `${label}: not in the fleet`;
            if (!unicorn.available) return `${label}: not free`;
            if (kind !== `${unicorn.color.toLowerCase()} unicorn`) return `${label}: says ${kind}, is ${unicorn.color}`;
            const wanted = rgbOf(unicornColours[unicorn.color as keyof typeof unicornColours]);
            return colour === wanted ? null : `${label}: drawn ${colour}, wanted ${wanted}`;
          });
          return problems.filter(Boolean);
        })
        .toEqual([]);
      const colours = await markers.evaluateAll((els) =>
        els.map((el) => getComputedStyle(el.querySelector(".map-unicorn__body") ?? el).backgroundColor),
      );
      expect(new Set(colours).size, "different colours among the free unicorns").toBeGreaterThan(1);
      await expectNoViolations(page, `free unicorns (${screen})`);
    });

    test("a pickup typed in Sydney offers Back to Seattle, which brings the map home", async ({ ridePage: page }) => {
      await expect(label(page, "map-place", "Space Needle")).toBeVisible();
      await setPointAt(page, "Pickup", sydney);
      await expect(rideStatus(page)).toHaveText(/outside the service area/);
      const back = page.getByRole("button", { name: "Back to Seattle" });
      await expect(back).toBeVisible();
      await expect(label(page, "map-place", "Space Needle")).toBeHidden();
      await expectNoViolations(page, `far away (${screen})`);

      await back.click();
      await expect(label(page, "map-place", "Space Needle")).toBeVisible();
      expect(await insideTheMap(page, label(page, "map-place", "Space Needle"))).toBe(true);
      await expect(back).toHaveCount(0);
    });
  });
}

import { describe, expect, it } from "vitest";
import type { MapUnicorn } from "./types";
import { unicornColour, unicornColours } from "./unicorn-colours";
import { awayFromSeattle, boundsOf, nearestFree, stageOf, viewTarget, visibleLabels } from "./view";

const pickup = { latitude: 47.6097, longitude: -122.3422 };
const dropoff = { latitude: 47.6205, longitude: -122.3493 };
const unicorn = (name: string, latitude: number, longitude: number): MapUnicorn => ({
  name,
  color: "Golden",
  at: { latitude, longitude },
});
const fleet = [
  unicorn("Near", 47.61, -122.343),
  unicorn("Nearer", 47.6098, -122.3423),
  unicorn("Middle", 47.615, -122.34),
  unicorn("Fourth", 47.6, -122.33),
  unicorn("Far", 47.7, -122.3),
];

describe("the stage of the trip", () => {
  it("is planning while the rider chooses points, ended once both are fixed and no unicorn flies", () => {
    expect(stageOf({ pickup, choosing: "destination" })).toBe("planning");
    expect(stageOf({ pickup, dropoff, choosing: null, unicorn: null })).toBe("ended");
  });

  it("is en route while the unicorn flies to the pickup, on board once it stands on the trip's line", () => {
    expect(stageOf({ pickup, dropoff, unicorn: unicorn("U", 47.6, -122.3) })).toBe("en route");
    expect(stageOf({ pickup, dropoff, unicorn: unicorn("U", pickup.latitude, pickup.longitude) })).toBe("on board");
    const halfway = unicorn("U", (pickup.latitude + dropoff.latitude) / 2, (pickup.longitude + dropoff.longitude) / 2);
    expect(stageOf({ pickup, dropoff, unicorn: halfway })).toBe("on board");
  });
});

describe("what the view fits", () => {
  it("while planning: the pickup, the destination and the three nearest free unicorns", () => {
    expect(nearestFree(fleet, pickup).map((u) => u.name)).toEqual(["Nearer", "Near", "Middle"]);
    const target = viewTarget({ pickup, dropoff, fleet, choosing: "destination" });
    expect(target.points).toEqual([pickup, dropoff, fleet[1]?.at, fleet[0]?.at, fleet[2]?.at]);
  });

  it("no unicorn for a pickup far from the fleet (Sydney), and nothing before a pickup", () => {
    const sydney = { latitude: -33.8688, longitude: 151.2093 };
    expect(viewTarget({ pickup: sydney, fleet, choosing: "pickup" }).points).toEqual([sydney]);
    expect(viewTarget({ pickup: null, fleet, choosing: "pickup" }).points).toEqual([]);
    // Sydney and Seattle share no useful view: the stray point is shown, and "Back to Seattle" brings the city back.
    expect(viewTarget({ pickup: sydney, dropoff, fleet, choosing: "destination" }).points).toEqual([sydney]);
  });

  it("en route the unicorn and the pickup; on board the unicorn and the destination; at the end both points", () => {
    const flying = unicorn("U", 47.6, -122.3);
    expect(viewTarget({ pickup, dropoff, unicorn: flying }).points).toEqual([flying.at, pickup]);
    const carrying = unicorn("U", pickup.latitude, pickup.longitude);
    expect(viewTarget({ pickup, dropoff, unicorn: carrying }).points).toEqual([carrying.at, dropoff]);
    expect(viewTarget({ pickup, dropoff }).points).toEqual([pickup, dropoff]);
  });

  it("is fitted again when the stage or a point changes, not when the unicorn moves", () => {
    const a = viewTarget({ pickup, dropoff, unicorn: unicorn("U", 47.6, -122.3) });
    const b = viewTarget({ pickup, dropoff, unicorn: unicorn("U", 47.601, -122.301) });
    expect(a.key).toBe(b.key);
    expect(viewTarget({ pickup, dropoff, unicorn: unicorn("U", pickup.latitude, pickup.longitude) }).key).not.toBe(
      a.key,
    );
    expect(viewTarget({ pickup, dropoff: pickup }).key).not.toBe(viewTarget({ pickup, dropoff }).key);
  });

  it("bounds the points west-south to east-north", () => {
    expect(boundsOf([pickup, dropoff])).toEqual([
      [-122.3493, 47.6097],
      [-122.3422, 47.6205],
    ]);
    expect(boundsOf([])).toBeNull();
  });

  it("offers the way back to Seattle only outside the service area", () => {
    expect(awayFromSeattle(pickup)).toBe(false);
    expect(awayFromSeattle({ latitude: -33.8688, longitude: 151.2093 })).toBe(true);
  });
});

describe("the offline labels", () => {
  const size = { width: 200, height: 100 };
  const box = (x: number, y: number, minZoom = 0) => ({ x, y, width: 60, height: 14, minZoom });

  it("shows labels in priority order, skipping one that would overlap or stick out of the map", () => {
    expect(visibleLabels([box(50, 50), box(60, 52), box(150, 50), box(190, 50)], size, 13)).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it("hides place names when zoomed out", () => {
    expect(visibleLabels([box(50, 50, 12)], size, 11)).toEqual([false]);
  });
});

describe("the unicorns' colours", () => {
  it("cover the fleet's twelve colours in hex, and draw an unknown one in grey", () => {
    expect(Object.keys(unicornColours).sort()).toEqual(
      [
        "Golden",
        "White",
        "Yellow",
        "Rose",
        "Lavender",
        "Silver",
        "Blue",
        "Black",
        "Green",
        "Copper",
        "Orange",
        "Pearl",
      ].sort(),
    );
    expect(new Set(Object.values(unicornColours)).size).toBe(12);
    expect(unicornColour("Plaid")).toMatch(/^#[0-9a-f]{6}$/);
  });
});

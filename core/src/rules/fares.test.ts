import { describe, expect, it } from "vitest";
import { Fares, ServiceArea } from "./fares";

describe("Fares", () => {
  it("prices a trip as base + distance + time, rounded half up once", () => {
    // 3 km in 150 s: 250 + 525 + 100 = 875 cents.
    expect(Fares.fareFor(3000, 150)).toEqual({ amount: 875, currency: "USD" });
    // 250 + 175 × 1.234 + 40 × (62 / 60) = 250 + 215.95 + 41.333… = 507.283… → 507.
    expect(Fares.fareFor(1234, 62).amount).toBe(507);
    // 250 + 175 × 2.002 + 40 × 1.5 = 660.35 → 660; 250 + 175 × 2.0 + 40 × 1.5 + … exactly .5 rounds up.
    expect(Fares.fareFor(2002, 90).amount).toBe(660);
    expect(Fares.fareFor(2000, 90.75).amount).toBe(661);
  });

  it("never charges less than the minimum fare", () => {
    expect(Fares.fareFor(0, 0).amount).toBe(500);
    expect(Fares.fareFor(500, 25).amount).toBe(500);
  });

  it("plans a trip from the great-circle distance at the fleet's cruising speed", () => {
    const plan = Fares.plan({ latitude: 47.6062, longitude: -122.3321 }, { latitude: 47.6205, longitude: -122.3493 });
    expect(plan.distanceMetres).toBeGreaterThan(2000);
    expect(plan.distanceMetres).toBeLessThan(2100);
    expect(plan.tripSeconds).toBe(Math.ceil(plan.distanceMetres / 20));
    const exact = 250 + 175 * (plan.distanceMetres / 1000) + 40 * (plan.tripSeconds / 60);
    expect(plan.fare.amount).toBe(Math.floor(exact + 0.5));
  });

  it("formats money for riders", () => {
    expect(Fares.format({ amount: 1234, currency: "USD" })).toBe("$12.34");
    expect(Fares.format({ amount: 500, currency: "USD" })).toBe("$5.00");
  });
});

describe("ServiceArea", () => {
  it("covers 25 km around downtown Seattle and names each point outside it", () => {
    const seattle = { latitude: 47.61, longitude: -122.33 };
    const sydney = { latitude: -33.87, longitude: 151.21 };
    const tacoma = { latitude: 47.25, longitude: -122.44 };
    expect(ServiceArea.problems({ pickup: seattle, dropoff: seattle })).toEqual([]);
    expect(ServiceArea.problems({ pickup: sydney, dropoff: seattle }).map((p) => p.field)).toEqual(["pickup"]);
    expect(ServiceArea.problems({ pickup: seattle, dropoff: tacoma }).map((p) => p.field)).toEqual(["dropoff"]);
    expect(ServiceArea.problems({ pickup: sydney })).toHaveLength(1);
  });
});

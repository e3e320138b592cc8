import { describe, expect, it } from "vitest";
import { Geo } from "./geo";

describe("Geo", () => {
  it("measures great-circle distance in metres", () => {
    // Space Needle to Pike Place Market: about 1.3 km.
    const d = Geo.distanceMetres({ latitude: 47.6205, longitude: -122.3493 }, { latitude: 47.6097, longitude: -122.3422 });
    expect(d).toBeGreaterThan(1250);
    expect(d).toBeLessThan(1400);
    expect(Geo.distanceMetres({ latitude: 1, longitude: 2 }, { latitude: 1, longitude: 2 })).toBe(0);
  });

  it("gives a ring of nine distinct cells around a point, the point's own cell first", () => {
    const pickup = { latitude: 47.61, longitude: -122.33 };
    const ring = Geo.ring(pickup, 6);
    expect(ring).toHaveLength(9);
    expect(new Set(ring).size).toBe(9);
    expect(Geo.cellOf(pickup).startsWith(ring[0] as string)).toBe(true);
  });
});

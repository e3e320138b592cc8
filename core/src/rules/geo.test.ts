import { describe, expect, it } from "vitest";
import { Geo } from "./geo";

describe("Geo", () => {
  it("measures great-circle distance in metres", () => {
    // Space Needle to Pike Place Market: about 1.3 km.
    const d = Geo.distanceMetres(
      { latitude: 47.6205, longitude: -122.3493 },
      { latitude: 47.6097, longitude: -122.3422 },
    );
    expect(d).toBeGreaterThan(1250);
    expect(d).toBeLessThan(1400);
    expect(Geo.distanceMetres({ latitude: 1, longitude: 2 }, { latitude: 1, longitude: 2 })).toBe(0);
  });

  it("gives a 2 × 2 block of distinct cells around a point, the point's own cell first", () => {
    const pickup = { latitude: 47.61, longitude: -122.33 };
    const block = Geo.block(pickup, 6);
    expect(block.cells).toHaveLength(4);
    expect(new Set(block.cells).size).toBe(4);
    expect(Geo.cellOf(pickup).startsWith(block.cells[0] as string)).toBe(true);
  });

  it("guarantees that every point outside the block is further than its radius", () => {
    const pickup = { latitude: 47.6131, longitude: -122.3377 };
    const block = Geo.block(pickup, 6);
    // A 6-character cell is about 1.2 km × 0.6 km: the radius is at least half of the smaller side.
    expect(block.radiusMetres).toBeGreaterThan(290);
    for (let i = 0; i < 500; i++) {
      const angle = (i / 500) * 2 * Math.PI;
      const distance = 100 + (i % 50) * 60;
      const point = {
        latitude: pickup.latitude + (distance * Math.cos(angle)) / 111_320,
        longitude:
          pickup.longitude + (distance * Math.sin(angle)) / (111_320 * Math.cos((pickup.latitude * Math.PI) / 180)),
      };
      const inBlock = block.cells.some((cell) => Geo.cellOf(point).startsWith(cell));
      if (!inBlock) expect(Geo.distanceMetres(pickup, point)).toBeGreaterThan(block.radiusMetres);
    }
  });
});

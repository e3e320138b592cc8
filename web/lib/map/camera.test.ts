import { describe, expect, it } from "vitest";
import { fitCamera, panBy, project, showsAll, unproject, zoomBy } from "./camera";
import { centralSeattle } from "./view";

const size = { width: 390, height: 480 };
const spaceNeedle = { latitude: 47.6205, longitude: -122.3493 };

describe("the first view's camera (Web Mercator, 512 px tiles, as MapLibre)", () => {
  it("fits central Seattle inside the map with the padding to spare on the tighter side", () => {
    const camera = fitCamera(centralSeattle, size, 16);
    const [[west, south], [east, north]] = centralSeattle;
    const topLeft = project(camera, size, { latitude: north, longitude: west });
    const bottomRight = project(camera, size, { latitude: south, longitude: east });
    // A tall phone map: the width binds, so the sides sit exactly 16 px in and the top and bottom at least that.
    expect(topLeft.x).toBeCloseTo(16, 6);
    expect(bottomRight.x).toBeCloseTo(size.width - 16, 6);
    expect(topLeft.y).toBeGreaterThanOrEqual(16);
    expect(bottomRight.y).toBeLessThanOrEqual(size.height - 16);
    // Zoom 13 shows about 8 km across 512 px at Seattle's latitude: central Seattle on a phone is a little under that.
    expect(camera.zoom).toBeGreaterThan(12);
    expect(camera.zoom).toBeLessThan(14);
  });

  it("finds under a pixel the point drawn there, and the centre under the middle", () => {
    const camera = fitCamera(centralSeattle, size, 16);
    const { x, y } = project(camera, size, spaceNeedle);
    const back = unproject(camera, size, x, y);
    expect(back.latitude).toBeCloseTo(spaceNeedle.latitude, 9);
    expect(back.longitude).toBeCloseTo(spaceNeedle.longitude, 9);
    const middle = unproject(camera, size, size.width / 2, size.height / 2);
    expect(middle.latitude).toBeCloseTo(camera.center.latitude, 9);
  });

  it("pans by screen pixels (an arrow key moves the map 100 px) and zooms within MapLibre's limits", () => {
    const camera = fitCamera(centralSeattle, size, 16);
    const before = project(camera, size, spaceNeedle);
    const after = project(panBy(camera, size, 100, 0), size, spaceNeedle);
    expect(after.x).toBeCloseTo(before.x - 100, 6);
    expect(after.y).toBeCloseTo(before.y, 6);
    expect(zoomBy(camera, 30).zoom).toBe(18);
    expect(zoomBy(camera, -30).zoom).toBe(3);
  });

  it("says whether every point is on screen (a pickup in Sydney is not)", () => {
    const camera = fitCamera(centralSeattle, size, 16);
    expect(showsAll(camera, size, [spaceNeedle])).toBe(true);
    expect(showsAll(camera, size, [spaceNeedle, { latitude: -33.8688, longitude: 151.2093 }])).toBe(false);
  });
});

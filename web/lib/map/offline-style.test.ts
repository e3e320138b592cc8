import { validateStyleMin } from "@maplibre/maplibre-gl-style-spec";
import { ServiceArea } from "@wildrydes/core/rules/fares";
import { Geo, type Location } from "@wildrydes/core/rules/geo";
import { describe, expect, it } from "vitest";
import { neighbourhoods, places } from "../places";
import { circleRing, offlineColours, offlineStyle } from "./offline-style";
import { islands, type Ring, water } from "./seattle-water";

/** Ray casting: whether the point lies inside the ring ([longitude, latitude] pairs). */
function inside(at: Location, ring: Ring): boolean {
  let result = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    const crosses = yi > at.latitude !== yj > at.latitude;
    if (crosses && at.longitude < ((xj - xi) * (at.latitude - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

const inWater = (at: Location) =>
  Object.values(water).some((ring) => inside(at, ring)) && !Object.values(islands).some((ring) => inside(at, ring));

describe("the offline map of Seattle", () => {
  it("is a valid MapLibre style", () => {
    expect(validateStyleMin(offlineStyle())).toEqual([]);
  });

  it("asks the network for nothing: no glyphs, sprites or URLs, only inline GeoJSON", () => {
    const style = offlineStyle();
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:|mapbox:|maptiler/);
    for (const source of Object.values(style.sources)) expect(source.type).toBe("geojson");
  });

  it("says whose approximate map it is", () => {
    for (const source of Object.values(offlineStyle().sources)) {
      expect(source).toMatchObject({ attribution: "Map: Wild Rydes (approximate)" });
    }
  });

  it("paints water and land in the colours it exports (hex, as the e2e test reads them back)", () => {
    const layers = offlineStyle().layers;
    expect(layers.find((l) => l.id === "water")).toMatchObject({ paint: { "fill-color": offlineColours.water } });
    expect(layers.find((l) => l.id === "land")).toMatchObject({ paint: { "background-color": offlineColours.land } });
    for (const colour of Object.values(offlineColours)) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("puts Elliott Bay, the lakes, the canal and the Duwamish in the water", () => {
    const wet: Record<string, Location> = {
      "Elliott Bay": { latitude: 47.605, longitude: -122.36 },
      "Puget Sound off Magnolia": { latitude: 47.64, longitude: -122.44 },
      "Lake Union": { latitude: 47.637, longitude: -122.336 },
      "Lake Washington": { latitude: 47.62, longitude: -122.26 },
      "Green Lake": { latitude: 47.679, longitude: -122.336 },
      "Portage Bay": { latitude: 47.648, longitude: -122.314 },
      "Union Bay": { latitude: 47.651, longitude: -122.285 },
      "Salmon Bay": { latitude: 47.661, longitude: -122.381 },
      "Fremont Cut": { latitude: 47.6523, longitude: -122.361 },
      Duwamish: { latitude: 47.545, longitude: -122.34 },
    };
    for (const [name, at] of Object.entries(wet)) expect(inWater(at), name).toBe(true);
  });

  it("keeps downtown, the islands and every known place and neighbourhood on land", () => {
    const dry: Record<string, Location> = {
      Downtown: { latitude: 47.6062, longitude: -122.3321 },
      "Mercer Island": { latitude: 47.57, longitude: -122.222 },
      "Bainbridge Island": { latitude: 47.64, longitude: -122.53 },
      "Harbor Island": { latitude: 47.578, longitude: -122.352 },
    };
    for (const [name, at] of Object.entries(dry)) expect(inWater(at), name).toBe(false);
    // The locks are a dam between Salmon Bay and the Sound, so they stand on "land" too.
    for (const place of [...places, ...neighbourhoods]) expect(inWater(place.at), place.name).toBe(false);
  });

  it("draws the service area's edge where the API draws it", () => {
    for (const [longitude = 0, latitude = 0] of circleRing(ServiceArea.centre, ServiceArea.radiusMetres)) {
      const metres = Geo.distanceMetres(ServiceArea.centre, { latitude, longitude });
      expect(Math.abs(metres - ServiceArea.radiusMetres)).toBeLessThan(ServiceArea.radiusMetres * 0.01);
    }
  });

  it("traces each shoreline with enough points to be recognised", () => {
    for (const [name, ring] of Object.entries(water)) {
      expect(ring.length, name).toBeGreaterThanOrEqual(7);
      expect(ring[0], `${name} is closed`).toEqual(ring[ring.length - 1]);
    }
  });
});

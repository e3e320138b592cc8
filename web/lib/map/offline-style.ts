/**
 * The built-in map of Seattle, drawn when there is no cloud style (locally, or when Amazon Location cannot load):
 * land, parks, the water and the service area, all inline GeoJSON. No glyphs or sprites, so no request leaves the
 * machine; place and neighbourhood names are DOM labels the map component adds.
 */
import { ServiceArea } from "@wildrydes/core/rules/fares";
import type { Location } from "@wildrydes/core/rules/geo";
import type { FeatureCollection, GeoJSON } from "geojson";
import type { StyleSpecification } from "maplibre-gl";
import { islands, parks, type Ring, water } from "./seattle-water";

/** The offline map's colours (hex): the e2e test reads the water and land back from the canvas. */
export const offlineColours = {
  land: "#f2efe6",
  water: "#9ec9e8",
  shore: "#7fb0d6",
  park: "#cfe6c1",
  serviceArea: "#4b2a84",
  route: "#4b2a84",
} as const;

export const offlineAttribution = "Map: Wild Rydes (approximate)";

/** A circle as a polygon ring of `steps` points, [longitude, latitude] (flat-earth: fine at 25 km). */
export function circleRing(centre: Location, radiusMetres: number, steps = 96): Ring {
  const lat = radiusMetres / 111_320;
  const lng = lat / Math.cos((centre.latitude * Math.PI) / 180);
  const points: Ring = [];
  for (let i = 0; i <= steps; i++) {
    const angle = (2 * Math.PI * (i % steps)) / steps;
    points.push([centre.longitude + lng * Math.cos(angle), centre.latitude + lat * Math.sin(angle)]);
  }
  return points;
}

function polygons(shapes: Record<string, Ring>): FeatureCollection {
  return {
    type: "FeatureCollection",
    features: Object.entries(shapes).map(([name, coordinates]) => ({
      type: "Feature",
      properties: { name },
      geometry: { type: "Polygon", coordinates: [coordinates] },
    })),
  };
}

export function offlineStyle(): StyleSpecification {
  const source = (data: GeoJSON) => ({ type: "geojson" as const, data, attribution: offlineAttribution });
  return {
    version: 8,
    name: "Wild Rydes offline Seattle",
    sources: {
      parks: source(polygons(parks)),
      water: source(polygons(water)),
      islands: source(polygons(islands)),
      "service-area": source({
        type: "Feature",
        properties: {},
        geometry: { type: "LineString", coordinates: circleRing(ServiceArea.centre, ServiceArea.radiusMetres) },
      }),
    },
    layers: [
      { id: "land", type: "background", paint: { "background-color": offlineColours.land } },
      { id: "parks", type: "fill", source: "parks", paint: { "fill-color": offlineColours.park } },
      { id: "water", type: "fill", source: "water", paint: { "fill-color": offlineColours.water } },
      { id: "islands", type: "fill", source: "islands", paint: { "fill-color": offlineColours.land } },
      {
        id: "shore",
        type: "line",
        source: "islands",
        paint: { "line-color": offlineColours.shore, "line-width": 1 },
      },
      {
        id: "service-area",
        type: "line",
        source: "service-area",
        paint: { "line-color": offlineColours.serviceArea, "line-width": 2, "line-dasharray": [3, 3] },
      },
    ],
  };
}

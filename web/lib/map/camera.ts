/**
 * Web Mercator with 512 px tiles, as MapLibre draws it: where a point lands on a map of a given size, centre and
 * zoom. The first view (components/MapPreview.tsx) uses it, so it lines up with MapLibre when MapLibre takes over.
 */
import type { Location } from "@wildrydes/core/rules/geo";

export interface Camera {
  center: Location;
  zoom: number;
}

export interface Size {
  width: number;
  height: number;
}

/** [[west, south], [east, north]], as MapLibre's fitBounds takes them. */
export type Bounds = [[number, number], [number, number]];

const TILE = 512;
/** MapLibre's limits for the ride map (components/LiveMap.tsx). */
export const zoomRange = { min: 3, max: 18 } as const;

/** Longitude and latitude to world pixels at zoom 0 (0–512 each way). */
function toWorld(longitude: number, latitude: number): [number, number] {
  const x = ((longitude + 180) / 360) * TILE;
  const sin = Math.sin((latitude * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * TILE;
  return [x, y];
}

function fromWorld(x: number, y: number): Location {
  const longitude = (x / TILE) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / TILE;
  const latitude = (180 / Math.PI) * Math.atan(Math.sinh(n));
  return { latitude, longitude };
}

const clampZoom = (zoom: number) => Math.min(zoomRange.max, Math.max(zoomRange.min, zoom));

/** The camera that fits the bounds inside the map with `padding` px to spare, as MapLibre's fitBounds does. */
export function fitCamera(bounds: Bounds, size: Size, padding: number, maxZoom: number = zoomRange.max): Camera {
  const [[west, south], [east, north]] = bounds;
  const [x1, y1] = toWorld(west, north);
  const [x2, y2] = toWorld(east, south);
  const scale = Math.min(
    Math.max(1, size.width - 2 * padding) / Math.max(x2 - x1, 1e-9),
    Math.max(1, size.height - 2 * padding) / Math.max(y2 - y1, 1e-9),
  );
  return { center: fromWorld((x1 + x2) / 2, (y1 + y2) / 2), zoom: clampZoom(Math.min(maxZoom, Math.log2(scale))) };
}

/** Screen pixels from the map's top left for a point. */
export function project(camera: Camera, size: Size, at: Location): { x: number; y: number } {
  const scale = 2 ** camera.zoom;
  const [cx, cy] = toWorld(camera.center.longitude, camera.center.latitude);
  const [x, y] = toWorld(at.longitude, at.latitude);
  return { x: (x - cx) * scale + size.width / 2, y: (y - cy) * scale + size.height / 2 };
}

/** The point under screen pixel (x, y), longitude wrapped into −180…180. */
export function unproject(camera: Camera, size: Size, x: number, y: number): Location {
  const scale = 2 ** camera.zoom;
  const [cx, cy] = toWorld(camera.center.longitude, camera.center.latitude);
  const at = fromWorld(cx + (x - size.width / 2) / scale, cy + (y - size.height / 2) / scale);
  const longitude = ((((at.longitude + 180) % 360) + 360) % 360) - 180;
  return { latitude: at.latitude, longitude };
}

/** The camera moved by (dx, dy) screen pixels: what a drag or an arrow key does. */
export function panBy(camera: Camera, size: Size, dx: number, dy: number): Camera {
  return { ...camera, center: unproject(camera, size, size.width / 2 + dx, size.height / 2 + dy) };
}

export function zoomBy(camera: Camera, delta: number): Camera {
  return { ...camera, zoom: clampZoom(camera.zoom + delta) };
}

/** Six decimals is about 10 cm: plenty for a pickup, and keeps the request body tidy. */
export function toSixDecimals(at: Location): Location {
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return { latitude: round(at.latitude), longitude: round(at.longitude) };
}

/** Whether every point is on screen. */
export function showsAll(camera: Camera, size: Size, points: readonly Location[]): boolean {
  return points.every((p) => {
    const { x, y } = project(camera, size, p);
    return x >= 0 && y >= 0 && x <= size.width && y <= size.height;
  });
}

/**
 * Finding the nearest available unicorn. Searches the pickup's geohash cell and its eight neighbours at a fine
 * precision, widening only when that ring holds nobody, so the read cost depends on local density, not fleet size.
 */
import geohash from "ngeohash";
import type { StoredUnicorn } from "./fleet";
import { Fleet } from "./fleet";
import { Geo, type Location } from "./geo";

/** Ring precisions tried in order: ~1.2 × 0.6 km cells, then ~4.9 km, then ~39 × 20 km. */
const precisions = [6, 5, 4] as const;

export interface Candidates {
  /** Nearest first. */
  unicorns: StoredUnicorn[];
  readUnits: number;
}

export namespace Dispatch {
  export async function nearestAvailableUnicorns(pickup: Location): Promise<Candidates> {
    let readUnits = 0;
    let found: StoredUnicorn[] = [];
    for (const precision of precisions) {
      const cells = Geo.ring(pickup, precision);
      const results = await Promise.all(cells.map((cell) => Fleet.availableInCell(cell)));
      readUnits += results.reduce((sum, r) => sum + r.readUnits, 0);
      found = byDistance(pickup, [...found, ...results.flatMap((r) => r.unicorns)]);
      // A unicorn within the ring's guaranteed radius is nearer than anyone outside the ring: stop here.
      const nearest = found[0];
      if (nearest && Geo.distanceMetres(pickup, nearest.location) <= guaranteedRadius(pickup, precision)) break;
    }
    return { unicorns: found, readUnits };
  }
}

function byDistance(pickup: Location, unicorns: StoredUnicorn[]): StoredUnicorn[] {
  const unique = new Map(unicorns.map((u) => [u.name, u]));
  return [...unique.values()].sort((a, b) => Geo.distanceMetres(pickup, a.location) - Geo.distanceMetres(pickup, b.location));
}

/** Distance from the pickup to the nearest outer edge of its 3 × 3 ring of cells at `precision`. */
function guaranteedRadius(pickup: Location, precision: number): number {
  const [minLat, minLon, maxLat, maxLon] = geohash.decode_bbox(geohash.encode(pickup.latitude, pickup.longitude, precision));
  const height = maxLat - minLat;
  const width = maxLon - minLon;
  const edges: Location[] = [
    { latitude: minLat - height, longitude: pickup.longitude },
    { latitude: maxLat + height, longitude: pickup.longitude },
    { latitude: pickup.latitude, longitude: minLon - width },
    { latitude: pickup.latitude, longitude: maxLon + width },
  ];
  return Math.min(...edges.map((edge) => Geo.distanceMetres(pickup, edge)));
}

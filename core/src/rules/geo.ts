/** Great-circle distance, travel time and the geohash cells dispatch searches. */
import geohash from "ngeohash";
import type { Location } from "./request-bodies";

export type { Location };

const EARTH_RADIUS_METRES = 6_371_000;

export namespace Geo {
  /** Haversine distance in metres. */
  export function distanceMetres(a: Location, b: Location): number {
    const rad = (deg: number) => (deg * Math.PI) / 180;
    const dLat = rad(b.latitude - a.latitude);
    const dLon = rad(b.longitude - a.longitude);
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
    return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Full-precision geohash of a point (9 characters, about 5 m). */
  export function cellOf(location: Location): string {
    return geohash.encode(location.latitude, location.longitude, 9);
  }

  export interface Block {
    /** The location's own cell first, then the three neighbours on its side of the cell. */
    cells: string[];
    /** Anything outside the block is at least this far from the location, in metres. */
    radiusMetres: number;
  }

  /**
   * The 2 × 2 block of cells at `precision` around a location: its own cell and the neighbours towards which it
   * leans. Four queries instead of the nine of a full ring, and still a guaranteed radius of half a cell.
   */
  export function block(location: Location, precision: number): Block {
    const own = geohash.encode(location.latitude, location.longitude, precision);
    const [minLat, minLon, maxLat, maxLon] = geohash.decode_bbox(own);
    const north = location.latitude >= (minLat + maxLat) / 2;
    const east = location.longitude >= (minLon + maxLon) / 2;
    const dLat = north ? 1 : -1;
    const dLon = east ? 1 : -1;
    const cells = [
      own,
      geohash.neighbor(own, [dLat, 0]),
      geohash.neighbor(own, [0, dLon]),
      geohash.neighbor(own, [dLat, dLon]),
    ];
    const height = maxLat - minLat;
    const width = maxLon - minLon;
    const edges: Location[] = [
      { latitude: north ? maxLat + height : maxLat, longitude: location.longitude },
      { latitude: north ? minLat : minLat - height, longitude: location.longitude },
      { latitude: location.latitude, longitude: east ? maxLon + width : maxLon },
      { latitude: location.latitude, longitude: east ? minLon : minLon - width },
    ];
    return { cells, radiusMetres: Math.min(...edges.map((edge) => distanceMetres(location, edge))) };
  }
}

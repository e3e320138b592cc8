/** Great-circle distance, travel time and the geohash cells dispatch searches. */
import geohash from "ngeohash";

export interface Location {
  latitude: number;
  longitude: number;
}

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

  /** The cell of `location` at `precision` and its eight neighbours: the search ring around a pickup. */
  export function ring(location: Location, precision: number): string[] {
    const centre = geohash.encode(location.latitude, location.longitude, precision);
    return [centre, ...geohash.neighbors(centre)];
  }
}

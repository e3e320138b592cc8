/**
 * Finding the nearest available unicorn. Searches a 2 × 2 block of geohash cells around the pickup at a fine
 * precision and widens only while nobody is found within the block's guaranteed radius, so the read cost follows
 * local density, not fleet size.
 */

import { Geo, type Location } from "../rules/geo";
import type { UnicornProfile } from "./fleet";
import { Fleet } from "./fleet";

/** Block precisions tried in order: ~1.2 × 0.6 km cells, then ~4.9 km, then ~39 × 20 km. */
const precisions = [6, 5, 4] as const;

/** A free unicorn as the dispatch index shows it: crewed ones carry their shift (v3). */
export type Candidate = UnicornProfile & { onShift?: boolean };

export namespace Dispatch {
  /**
   * Available unicorns around the pickup, nearest first: bots, and crewed unicorns on shift. `botsOnly`: the
   * workshop's ride, which cannot wait for an answer.
   */
  export async function nearestAvailableUnicorns(pickup: Location, o: { botsOnly?: boolean } = {}) {
    const dispatchable = (u: Candidate) => !u.crewed || (!o.botsOnly && u.onShift === true);
    let found: Candidate[] = [];
    for (const precision of precisions) {
      const block = Geo.block(pickup, precision);
      const results = await Promise.all(block.cells.map((cell) => Fleet.availableInCell(cell)));
      found = byDistance(pickup, [...found, ...results.flat().filter(dispatchable)]);
      // A unicorn within the block's guaranteed radius is nearer than anyone outside the block: stop here.
      const nearest = found[0];
      if (nearest && Geo.distanceMetres(pickup, nearest.location) <= block.radiusMetres) break;
    }
    return found;
  }
}

function byDistance(pickup: Location, unicorns: Candidate[]): Candidate[] {
  const unique = new Map(unicorns.map((u) => [u.name, u]));
  return [...unique.values()].sort(
    (a, b) => Geo.distanceMetres(pickup, a.location) - Geo.distanceMetres(pickup, b.location),
  );
}

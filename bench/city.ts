// The bench's city: a seeded fleet and trips over Seattle (the warm phase's rides use 2,000 unicorns, cold starts 1,000).

import type { Location } from "@wildrydes/core/rules/geo";
import type { UnicornProfile } from "@wildrydes/core/store/fleet";
import { writeItems } from "@wildrydes/testing/scenes";

/** Seattle city limits, roughly: where riders ask for pickups and unicorns roam. */
const city = { south: 47.5, north: 47.73, west: -122.43, east: -122.25 } as const;

/** A small deterministic PRNG (an LCG, Numerical Recipes' constants) so every run uses the same fleet and trips. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function pointInCity(next: () => number): Location {
  const at = (from: number, to: number) => Number((from + (to - from) * next()).toFixed(6));
  return { latitude: at(city.south, city.north), longitude: at(city.west, city.east) };
}

/** A rider's trip: a pickup and a dropoff anywhere in the city (inside the service area). */
export function tripInCity(next: () => number): { pickup: Location; dropoff: Location } {
  return { pickup: pointInCity(next), dropoff: pointInCity(next) };
}

export function cityFleet(size: number, seed = 7): UnicornProfile[] {
  const next = random(seed);
  return Array.from({ length: size }, (_, i) => ({
    unicornId: `bench${String(i).padStart(5, "0")}`,
    name: `Bench${String(i).padStart(5, "0")}`,
    color: "Grey",
    gender: i % 2 ? "Female" : "Male",
    location: pointInCity(next),
    speedMps: 20,
  }));
}

/** Writes the unicorns as available, 25 per BatchWrite: far faster than Fleet.seed's one conditional put each. */
export async function writeFleet(unicorns: readonly UnicornProfile[]): Promise<void> {
  const { Db } = await import("@wildrydes/core/store/db");
  const { Fleet } = await import("@wildrydes/core/store/fleet");
  await writeItems(Db.documents(), Db.tableName(), unicorns.map(Fleet.availableItem));
}

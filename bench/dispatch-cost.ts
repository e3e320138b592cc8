// The bench's city (a seeded fleet and trips over Seattle), and what a nearest-unicorn search reads as the fleet
// grows: billed read units per search with 10, 1,000 and 10,000 unicorns (the warm phase's rides use 2,000).

import type { Location } from "@wildrydes/core/rules/geo";
import type { UnicornProfile } from "@wildrydes/core/store/fleet";
import { writeItems } from "@wildrydes/testing/scenes";
import { type BenchDb, mean, quick } from "./dynamo";
import type { PhaseResult } from "./figure";
import { meter } from "./meter";

/** Seattle city limits, roughly: where riders ask for pickups and unicorns roam. */
const city = { south: 47.5, north: 47.73, west: -122.43, east: -122.25 } as const;

/** Small deterministic PRNG (mulberry32) so every run searches the same fleet and pickups. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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

export async function measureDispatchCost(db: BenchDb, sizes = [10, 1_000, 10_000]): Promise<PhaseResult> {
  const { Dispatch } = await import("@wildrydes/core/store/dispatch");
  const measure = await meter();
  const rows: (string | number)[][] = [];
  for (const fleetSize of sizes) {
    await db.resetTable();
    // In four parallel slices: the largest fleet is 400 batches.
    const [fleet, per] = [cityFleet(fleetSize), Math.ceil(fleetSize / 4)];
    await Promise.all([0, 1, 2, 3].map((i) => writeFleet(fleet.slice(i * per, (i + 1) * per))));
    const next = random(42);
    const searches: number[][] = [];
    for (let i = 0; i < (quick ? 50 : 300); i++) {
      const { value, sample } = await measure(() => Dispatch.nearestAvailableUnicorns(pointInCity(next)));
      searches.push([sample.read, sample.calls, value.length, sample.wall]);
    }
    rows.push([fleetSize, ...[0, 1, 2, 3].map((i) => mean(searches.map((x) => x[i] ?? 0)).toFixed(2))]);
  }
  const table = {
    title: "Nearest-unicorn search vs fleet size (means over random pickups)",
    header: ["unicorns", "billed RRU / search", "queries", "candidates", "ms"],
    rows,
  };
  return { figures: [], tables: [table] };
}

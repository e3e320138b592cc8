/**
 * Dispatch cost vs fleet size: read capacity of one nearest-unicorn search with 10, 1,000 and 10,000 unicorns
 * spread over Seattle, averaged over random pickups. Runs alone: `npx tsx bench/dispatch-cost.ts`.
 */
import { fileURLToPath } from "node:url";
import type { UnicornProfile } from "@wildrydes/core/fleet";
import type { Location } from "@wildrydes/core/geo";
import { type BenchDb, median, quick, startBenchDb, useHandlerEnvironment } from "./dynamo";

/** Seattle city limits, roughly: where riders ask for pickups and unicorns roam. */
export const city = { south: 47.5, north: 47.73, west: -122.43, east: -122.25 } as const;

export interface DispatchCostRow {
  fleetSize: number;
  pickups: number;
  meanReadUnits: number;
  medianReadUnits: number;
  maxReadUnits: number;
  /** Mean unicorns returned by the search (how much the read units pay for). */
  meanCandidates: number;
  meanSearchMs: number;
  meanQueries: number;
  /** Real DynamoDB bills at least 0.5 RCU per eventually consistent Query; DynamoDB Local reports 0 when empty. */
  meanBilledReadUnits: number;
}

export interface DispatchCostResult {
  rows: DispatchCostRow[];
  /** Mean read units at the largest fleet over the smallest: budget <= 1.5. */
  ratio: number;
  budget: number;
  pass: boolean;
  /** The same ratio with the 0.5 RCU minimum per Query that AWS bills and DynamoDB Local does not report. */
  billedRatio: number;
}

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

export function pointInCity(next: () => number): Location {
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
    name: `Bench${String(i).padStart(5, "0")}`,
    color: "Grey",
    gender: i % 2 ? "Female" : "Male",
    location: pointInCity(next),
    speedMps: 20,
  }));
}

/**
 * Writes the unicorns as available, overwriting whatever is stored: 25 per BatchWrite, far faster than
 * Fleet.seed's one conditional put per unicorn, for a bench table that was just reset.
 */
export async function writeFleet(unicorns: readonly UnicornProfile[]): Promise<void> {
  const { Db } = await import("@wildrydes/core/db");
  const { Fleet } = await import("@wildrydes/core/fleet");
  const { BatchWriteCommand } = await import("@aws-sdk/lib-dynamodb");
  for (let i = 0; i < unicorns.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = unicorns
      .slice(i, i + 25)
      .map((u) => ({ PutRequest: { Item: Fleet.availableItem(u) } }));
    while (pending && pending.length > 0) {
      const out = await Db.documents().send(new BatchWriteCommand({ RequestItems: { [Db.tableName()]: pending } }));
      pending = out.UnprocessedItems?.[Db.tableName()] as Record<string, unknown>[] | undefined;
    }
  }
}

/** Writes the city fleet in parallel slices. */
async function seedCity(size: number): Promise<void> {
  const fleet = cityFleet(size);
  const slices = 4;
  const per = Math.ceil(fleet.length / slices);
  await Promise.all(Array.from({ length: slices }, (_, i) => writeFleet(fleet.slice(i * per, (i + 1) * per))));
}

/**
 * Asks DynamoDB for the consumed capacity of every Query the document client sends (one dispatch = several
 * queries) and records it: product code never asks for it.
 */
async function meterQueries(): Promise<number[]> {
  const { Db } = await import("@wildrydes/core/db");
  const seen: number[] = [];
  Db.documents().middlewareStack.add(
    (next, context) => async (args) => {
      const isQuery = /Query/.test(context.commandName ?? "");
      if (isQuery) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "TOTAL";
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      if (isQuery) seen.push(consumed?.CapacityUnits ?? 0);
      return out;
    },
    { step: "initialize", name: "benchQueryMeter" },
  );
  return seen;
}

export async function measureDispatchCost(db: BenchDb, sizes = [10, 1_000, 10_000]): Promise<DispatchCostResult> {
  const { Dispatch } = await import("@wildrydes/core/dispatch");
  const perQuery = await meterQueries();
  const pickups = quick ? 50 : 300;
  const rows: DispatchCostRow[] = [];
  for (const fleetSize of sizes) {
    await db.resetTable();
    await seedCity(fleetSize);
    const next = random(42);
    const units: number[] = [];
    const candidates: number[] = [];
    const times: number[] = [];
    const queries: number[] = [];
    const billed: number[] = [];
    for (let i = 0; i < pickups; i++) {
      perQuery.length = 0;
      const started = performance.now();
      const found = await Dispatch.nearestAvailableUnicorns(pointInCity(next));
      times.push(performance.now() - started);
      queries.push(perQuery.length);
      billed.push(perQuery.reduce((sum, u) => sum + Math.max(0.5, u), 0));
      units.push(perQuery.reduce((sum, u) => sum + u, 0));
      candidates.push(found.length);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    rows.push({
      fleetSize,
      pickups,
      meanReadUnits: mean(units),
      medianReadUnits: median(units),
      maxReadUnits: Math.max(...units),
      meanCandidates: mean(candidates),
      meanSearchMs: mean(times),
      meanQueries: mean(queries),
      meanBilledReadUnits: mean(billed),
    });
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const ratio = first && last ? last.meanReadUnits / first.meanReadUnits : Number.NaN;
  const billedRatio = first && last ? last.meanBilledReadUnits / first.meanBilledReadUnits : Number.NaN;
  const budget = 1.5;
  return { rows, ratio, budget, pass: ratio <= budget, billedRatio };
}

export function dispatchCostTable(result: DispatchCostResult): string {
  const lines = [
    "| unicorns | pickups | mean RCU | median RCU | max RCU | queries | candidates | billed RCU (AWS min) | ms |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...result.rows.map(
      (r) =>
        `| ${r.fleetSize} | ${r.pickups} | ${r.meanReadUnits.toFixed(2)} | ${r.medianReadUnits.toFixed(1)} | ` +
        `${r.maxReadUnits.toFixed(1)} | ${r.meanQueries.toFixed(1)} | ${r.meanCandidates.toFixed(1)} | ` +
        `${r.meanBilledReadUnits.toFixed(2)} | ${r.meanSearchMs.toFixed(1)} |`,
    ),
  ];
  const mark = result.pass ? "PASS" : "FAIL";
  lines.push(
    "",
    `Ratio largest/smallest fleet (RCU as reported): ${result.ratio.toFixed(2)} (budget <= ${result.budget}) ${mark}`,
    `Same ratio with AWS's 0.5 RCU minimum per Query: ${result.billedRatio.toFixed(2)}`,
  );
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const db = await startBenchDb("c1");
  try {
    useHandlerEnvironment(db.endpoint);
    console.log(dispatchCostTable(await measureDispatchCost(db)));
  } finally {
    await db.stop();
  }
}

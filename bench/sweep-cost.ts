/**
 * Sweep cost vs backlog: read and write capacity per finished ride when 10 and 1,000 rides are due, and what a
 * sweep with nothing due costs (it runs every minute, so that is the fixed price). Due rides are written straight
 * to the table, as booking and boarding leave them. Runs alone: `npx tsx bench/sweep-cost.ts`.
 */
import { fileURLToPath } from "node:url";
import { busyRide, writeItems } from "@wildrydes/testing/scenes";
import { type BenchDb, startBenchDb, useHandlerEnvironment } from "./dynamo";

export interface SweepCostRow {
  due: number;
  finished: number;
  /** Sweep.run calls until nothing was left (each takes at most `limit` rides). */
  runs: number;
  /** Capacity units per finished ride as DynamoDB Local reports them (base table + indexes). */
  readUnitsPerRide: number;
  writeUnitsPerRide: number;
  /** Of the write units, those of the table itself; the rest are the indexes' (gsi3 left, gsi1 and gsi2 updated). */
  tableWriteUnitsPerRide: number;
  /** Reads as AWS bills them: at least 0.5 RCU per Query, which Local reports as 0 when empty. */
  billedReadUnitsPerRide: number;
  msPerRide: number;
}

export interface SweepCostResult {
  limit: number;
  rows: SweepCostRow[];
  /** Per-ride units at the largest backlog over the smallest: budget <= 1.2 each. */
  readRatio: number;
  writeRatio: number;
  budget: number;
  pass: boolean;
  /** One sweep with nothing due. */
  idle: { readUnits: number; billedReadUnits: number; writeUnits: number; ms: number };
}

const t0 = Date.parse("2026-06-01T12:00:00.000Z");
/** After every scene's deadline: all of them are due. */
const sweepAt = new Date(t0 + 3_600_000);

async function writeDue(count: number): Promise<void> {
  // Loaded here, not at the top: SST's Resource reads the environment useHandlerEnvironment sets when it loads.
  const { Db } = await import("@wildrydes/core/db");
  // Odd scenes in progress (completed at their dropoff), even ones waiting (no-shows).
  const items = Array.from({ length: count }, (_, n) =>
    busyRide({
      name: `Sweep${String(n).padStart(5, "0")}`,
      rideId: `01JZSWEEP${String(n).padStart(17, "0")}`,
      riderId: `rider-sweep-${n}`,
      boarded: n % 2 === 1,
      requestedAt: t0,
    }),
  ).flat();
  await writeItems(Db.documents(), Db.tableName(), items);
}

/** Asks for the consumed capacity of the sweep's Query and TransactWriteItems calls (product code never does). */
async function meterCapacity() {
  const { Db } = await import("@wildrydes/core/db");
  const totals = { read: 0, billedRead: 0, write: 0, tableWrite: 0 };
  type Consumed = { CapacityUnits?: number; Table?: { CapacityUnits?: number } };
  Db.documents().middlewareStack.add(
    (next, context) => async (args) => {
      const read = /Query/.test(context.commandName ?? "");
      const write = /TransactWrite/.test(context.commandName ?? "");
      if (read || write) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "INDEXES";
      const out = await next(args);
      const consumed = [(out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity ?? []].flat();
      const units = consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (read) [totals.read, totals.billedRead] = [totals.read + units, totals.billedRead + Math.max(0.5, units)];
      if (write) totals.write += units;
      if (write) totals.tableWrite += consumed.reduce((sum, c) => sum + (c.Table?.CapacityUnits ?? 0), 0);
      return out;
    },
    { step: "initialize", name: "benchSweepMeter" },
  );
  return totals;
}

export async function measureSweepCost(db: BenchDb, sizes = [10, 1_000], limit = 100): Promise<SweepCostResult> {
  const { Sweep } = await import("@wildrydes/core/sweep");
  const totals = await meterCapacity();
  const rows: SweepCostRow[] = [];
  for (const due of sizes) {
    await db.resetTable();
    await writeDue(due);
    Object.assign(totals, { read: 0, billedRead: 0, write: 0, tableWrite: 0 });
    const started = performance.now();
    let [finished, runs, more] = [0, 0, true];
    while (more) {
      const result = await Sweep.run(sweepAt, limit);
      [finished, runs, more] = [finished + result.finished, runs + 1, result.more];
      if (result.failed > 0) throw new Error(`sweep: ${result.failed} endings failed`);
    }
    if (finished !== due) throw new Error(`sweep finished ${finished} of ${due} due rides`);
    rows.push({
      due,
      finished,
      runs,
      readUnitsPerRide: totals.read / finished,
      writeUnitsPerRide: totals.write / finished,
      tableWriteUnitsPerRide: totals.tableWrite / finished,
      billedReadUnitsPerRide: totals.billedRead / finished,
      msPerRide: (performance.now() - started) / finished,
    });
  }
  // Everything is finished now: the next sweep finds nothing due.
  Object.assign(totals, { read: 0, billedRead: 0, write: 0, tableWrite: 0 });
  const started = performance.now();
  await Sweep.run(sweepAt, limit);
  const idle = { readUnits: totals.read, billedReadUnits: totals.billedRead, writeUnits: totals.write };
  const [first, last] = [rows[0], rows[rows.length - 1]];
  const readRatio = first && last ? last.readUnitsPerRide / first.readUnitsPerRide : Number.NaN;
  const writeRatio = first && last ? last.writeUnitsPerRide / first.writeUnitsPerRide : Number.NaN;
  const budget = 1.2;
  return {
    limit,
    rows,
    readRatio,
    writeRatio,
    budget,
    pass: readRatio <= budget && writeRatio <= budget,
    idle: { ...idle, ms: performance.now() - started },
  };
}

export function sweepCostTable(result: SweepCostResult): string {
  const lines = [
    `| due rides | sweeps (limit ${result.limit}) | RCU / ride | WCU / ride (table + indexes) | billed RCU / ride (AWS min) | ms / ride |`,
    "|---:|---:|---:|---:|---:|---:|",
    ...result.rows.map(
      (r) =>
        `| ${r.due} | ${r.runs} | ${r.readUnitsPerRide.toFixed(3)} | ${r.writeUnitsPerRide.toFixed(2)} ` +
        `(${r.tableWriteUnitsPerRide.toFixed(2)} + ${(r.writeUnitsPerRide - r.tableWriteUnitsPerRide).toFixed(2)}) | ` +
        `${r.billedReadUnitsPerRide.toFixed(3)} | ${r.msPerRide.toFixed(1)} |`,
    ),
    "",
    `Per ride, largest/smallest backlog: RCU ${result.readRatio.toFixed(2)}×, WCU ${result.writeRatio.toFixed(2)}× ` +
      `(budget <= ${result.budget}×) ${result.pass ? "PASS" : "FAIL"}`,
    `A sweep with nothing due: ${result.idle.readUnits} RCU reported, ${result.idle.billedReadUnits} billed, ` +
      `${result.idle.writeUnits} WCU, ${result.idle.ms.toFixed(1)} ms`,
  ];
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const db = await startBenchDb("c1");
  try {
    useHandlerEnvironment(db.endpoint);
    console.log(sweepCostTable(await measureSweepCost(db)));
  } finally {
    await db.stop();
  }
}

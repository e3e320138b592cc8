/**
 * Runs one benchmark phase in its own process and writes its result as JSON: core's DynamoDB client and SST's
 * Resource are per-process singletons, so each phase gets a fresh process pointed at its own DynamoDB Local.
 * Usage: tsx bench/phase.ts <phase> <out.json>
 */
import { writeFileSync } from "node:fs";
import { type BenchDb, startBenchDb, useHandlerEnvironment } from "./dynamo";
import { type Phase, phases } from "./figure";

async function withBenchDb<T>(work: (db: BenchDb) => Promise<T>): Promise<T> {
  const db = await startBenchDb();
  try {
    useHandlerEnvironment(db.endpoint);
    return await work(db);
  } finally {
    await db.stop();
  }
}

async function runPhase(phase: Phase): Promise<unknown> {
  switch (phase) {
    case "warm":
      return withBenchDb(async (db) => (await import("./warm")).measureWarm(db));
    case "gateway":
      return (await import("./gateway")).measureGateway();
    case "cold":
      return withBenchDb(async (db) => (await import("./cold")).measureColdStarts(db));
    case "dispatch":
      return withBenchDb(async (db) => (await import("./dispatch-cost")).measureDispatchCost(db));
    case "web":
      return (await import("./web")).measureWeb();
  }
}

const [phase, out] = process.argv.slice(2);
if (!phases.includes(phase as Phase) || !out) {
  console.error(`usage: tsx bench/phase.ts <${phases.join("|")}> <out.json>`);
  process.exit(2);
}
writeFileSync(out, JSON.stringify(await runPhase(phase as Phase)));
process.exit(0);

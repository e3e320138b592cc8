/**
 * Runs one benchmark phase in its own process and writes its result as JSON: core's DynamoDB client and SST's
 * Resource are per-process singletons, so each phase gets a fresh process pointed at its own DynamoDB Local.
 * Usage: tsx bench/phase.ts <phase> <out.json>
 */
import { writeFileSync } from "node:fs";
import { startBenchDb, useHandlerEnvironment } from "./dynamo";
import { type Phase, phases } from "./phases";

async function withBenchDb<T>(work: (db: Awaited<ReturnType<typeof startBenchDb>>) => Promise<T>): Promise<T> {
  const db = await startBenchDb("c1");
  try {
    useHandlerEnvironment(db.endpoint);
    return await work(db);
  } finally {
    await db.stop();
  }
}

async function runPhase(phase: Phase): Promise<unknown> {
  switch (phase) {
    case "dispatch-cost":
      return withBenchDb(async (db) => (await import("./dispatch-cost")).measureDispatchCost(db));
    case "sweep-cost":
      return withBenchDb(async (db) => (await import("./sweep-cost")).measureSweepCost(db));
    case "events":
      return withBenchDb(async (db) => (await import("./events")).measureEvents(db));
    case "cold":
      return withBenchDb(async (db) => (await import("./cold")).measureColdStarts(db));
    case "journey":
      return withBenchDb(async (db) => (await import("./journey")).measureJourney(db));
    case "api":
      return (await import("./api")).measureApi();
    case "jit-c1":
      return (await import("./platform")).measureJit("c1");
    case "jit-tiered":
      return (await import("./platform")).measureJit("tiered");
    case "startup":
      return (await import("./platform")).measureStartup();
    case "web":
      return (await import("./web")).measureWeb();
  }
}

const [phase, out] = process.argv.slice(2);
if (!phases.includes(phase as Phase) || !out) {
  console.error(`usage: tsx bench/phase.ts <${phases.join("|")}> <out.json>`);
  process.exit(2);
}
const result = await runPhase(phase as Phase);
writeFileSync(out, JSON.stringify(result));
process.exit(0);

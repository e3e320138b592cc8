// Runs one benchmark phase in its own process and writes its result as JSON: core's DynamoDB client and SST's
// Resource are per-process singletons, so each phase gets a fresh process pointed at its own DynamoDB Local.
// Usage: tsx bench/phase.ts <phase> <out.json>
import { writeFileSync } from "node:fs";
import { startBenchDb, useHandlerEnvironment } from "./dynamo";
import { type Phase, type PhaseResult, phases } from "./figure";

async function runPhase(phase: Phase): Promise<PhaseResult> {
  // The gateway starts a whole local stack, the web phase its own through web/'s scripts.
  if (phase === "gateway") return (await import("./gateway-throughput")).measureGateway();
  if (phase === "web") return (await import("./web-pages")).measureWeb();
  const db = await startBenchDb();
  try {
    useHandlerEnvironment(db.endpoint);
    if (phase === "warm") return await (await import("./warm")).measureWarm(db);
    if (phase === "cold") return await (await import("./cold")).measureColdStarts(db);
    return await (await import("./dispatch-cost")).measureDispatchCost(db);
  } finally {
    await db.stop();
  }
}

const [phase, out] = process.argv.slice(2);
if (!phases.includes(phase as Phase) || !out) {
  console.error(`usage: tsx bench/phase.ts <${phases.join("|")}> <out.json>`);
  process.exit(2);
}
writeFileSync(out, JSON.stringify(await runPhase(phase as Phase)));
process.exit(0);

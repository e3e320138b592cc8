// Runs one benchmark phase in its own process and writes its result as JSON: core's DynamoDB client and SST's
// Resource are per-process singletons, so each phase gets a fresh process pointed at its own DynamoDB Local.
// Usage: tsx bench/phase.ts <phase> <out.json>
import { writeFileSync } from "node:fs";
import { credentials, region, startBenchDb, useHandlerEnvironment } from "./dynamo";
import { type Phase, type PhaseResult, phases } from "./figure";

async function runPhase(phase: Phase): Promise<PhaseResult> {
  // The gateway and live phases start a whole local stack, the web phase its own through web/'s scripts.
  if (phase === "gateway") return (await import("./gateway-throughput")).measureGateway();
  if (phase === "web") return (await import("./web-pages")).measureWeb();
  if (phase === "live") return (await import("./live-push")).measureLivePush();
  if (phase === "lake") return (await import("./lake")).measureLake();
  const db = await startBenchDb();
  // The publishers' Event API (warm measures every stream subscriber), set before anything reads `Resource`.
  const live = phase === "warm" ? await startPublishTarget() : undefined;
  const lake = phase === "warm" ? await startLakeTarget() : undefined;
  try {
    useHandlerEnvironment(db.endpoint, live, lake?.url);
    if (phase === "warm") return await (await import("./warm")).measureWarm(db);
    if (phase === "cold") return await (await import("./cold")).measureColdStarts(db);
    return await (await import("./dispatch-cost")).measureDispatchCost(db);
  } finally {
    await live?.stop();
    await lake?.stop();
    await db.stop();
  }
}

/** The local Event API, taking the publishers' signed POSTs; no client connects, so no token is ever judged. */
async function startPublishTarget() {
  const { startLiveEvents } = await import("@wildrydes/local/live/events-server");
  return startLiveEvents({ port: 0, authorize: async () => null, region, credentials });
}

/** Firehose's stand-in, taking the lake subscriber's records into a throwaway folder. */
async function startLakeTarget() {
  const { startFirehose } = await import("@wildrydes/local/lake/firehose");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const lakeDir = mkdtempSync(`${tmpdir()}/wr-bench-lake-`);
  const firehose = await startFirehose({ port: 0, region, credentials, lakeDir });
  return {
    url: firehose.url,
    stop: async () => {
      await firehose.stop();
      rmSync(lakeDir, { recursive: true, force: true });
    },
  };
}

const [phase, out] = process.argv.slice(2);
if (!phases.includes(phase as Phase) || !out) {
  console.error(`usage: tsx bench/phase.ts <${phases.join("|")}> <out.json>`);
  process.exit(2);
}
writeFileSync(out, JSON.stringify(await runPhase(phase as Phase)));
process.exit(0);

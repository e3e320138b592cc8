// Runs one benchmark phase in its own process and writes its result as JSON: core's DynamoDB client and SST's
// Resource are per-process singletons, so each phase gets a fresh process pointed at its own DynamoDB Local.
// Usage: tsx bench/phase.ts <phase> <out.json>
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { credentials, region, startBenchDb, useHandlerEnvironment } from "./dynamo";
import { type Phase, type PhaseResult, phases } from "./figure";

async function runPhase(phase: Phase): Promise<PhaseResult> {
  // These start a whole local stack (web: its own through web/'s scripts).
  if (phase === "web") return (await import("./web-pages")).measureWeb();
  if (phase === "live") return (await import("./live-push")).measureLivePush();
  if (phase === "lake") return (await import("./lake")).measureLake();
  if (phase === "load") return (await import("./load")).measureLoad();
  const { startLiveEvents } = await import("@wildrydes/local/live/events-server");
  const { startFirehose } = await import("@wildrydes/local/lake/firehose");
  const [db, lakeDir] = [await startBenchDb(), mkdtempSync(`${tmpdir()}/wr-bench-lake-`)];
  // Every subscriber runs: the publishers' Event API (no client connects, so no token is judged) and the lake's
  // Firehose, into a throwaway folder; set before anything reads `Resource`.
  const live = await startLiveEvents({ port: 0, authorize: async () => null, region, credentials });
  const firehose = await startFirehose({ port: 0, region, credentials, lakeDir });
  try {
    useHandlerEnvironment({ dynamodbEndpoint: db.endpoint, live, firehoseUrl: firehose.url });
    if (phase === "warm") return await (await import("./warm")).measureWarm(db);
    return await (await import("./cold")).measureColdStarts(db);
  } finally {
    await Promise.all([live.stop(), firehose.stop(), db.stop()]);
    rmSync(lakeDir, { recursive: true, force: true });
  }
}

const [phase, out] = process.argv.slice(2);
if (!phases.includes(phase as Phase) || !out) {
  console.error(`usage: tsx bench/phase.ts <${phases.join("|")}> <out.json>`);
  process.exit(2);
}
writeFileSync(out, JSON.stringify(await runPhase(phase as Phase)));
process.exit(0);

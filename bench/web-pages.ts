// The web app, measured by bench/lighthouse.mjs on its own build and stack: each page's Lighthouse mobile medians as
// whoever uses it (see there), its initial JS (web/scripts/initial-js.mjs), and its bytes for the cost: a first visit,
// and a repeat visit with the fingerprinted assets (`_next/static/`, cached for a year) in the browser's cache and only
// the HTML fetched again. --save-json keeps each page's median report and trace in the bench's work dir.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { claimPort } from "@wildrydes/local/plumbing/processes";
import { root, workDir } from "./dynamo";
import { type Figure, judge, type PhaseResult } from "./figure";

const reports = path.join(workDir, "lighthouse");
/** bench/lighthouse.mjs's budgets. */
const budgets = { performance: 95, accessibility: 100, "best-practices": 100 } as const;

type Visit = { kb: number; requests: number };
export type PageWeight = { page: string; firstVisit: Visit; repeatVisit: Visit };
type Median = { median: number; runs: number[] };
type PageScores = Omit<PageWeight, "page"> & { jsKb: number } & Record<keyof typeof budgets, Median>;

/** Four consecutive free ports (web, api, cognito, dynamodb) for lighthouse.mjs; a stable base keeps its build cached. */
async function portBase(): Promise<number> {
  const free = (port: number) =>
    claimPort(port, "bench")
      .then(Boolean)
      .catch(() => false);
  for (let base = Number(process.env.BENCH_PORT_BASE ?? 4480); base < 65_000; base += 10) {
    if ((await Promise.all([0, 1, 2, 3].map((i) => free(base + i)))).every(Boolean)) return base;
  }
  throw new Error("no four free consecutive ports for Lighthouse");
}

export async function measureWeb(): Promise<PhaseResult> {
  rmSync(reports, { recursive: true, force: true });
  const args = ["--import", "tsx", path.join(root, "bench/lighthouse.mjs"), `--port-base=${await portBase()}`];
  // It exits 1 when a page misses a budget; scores.json is written regardless, and is missing only if it failed.
  const run = await promisify(execFile)(process.execPath, [...args, `--save-json=${reports}`], {
    cwd: path.join(root, "web"),
    timeout: 1_800_000,
  }).catch((error: { stderr?: string }) => error);
  const scoresFile = path.join(reports, "scores.json");
  if (!existsSync(scoresFile)) throw new Error(`bench/lighthouse.mjs measured nothing: ${run.stderr ?? ""}`);
  const scores = JSON.parse(readFileSync(scoresFile, "utf8")) as Record<string, PageScores>;
  const figures: Figure[] = [];
  const add = (id: string, label: string, value: number, unit: string, budget: Figure["budget"]) =>
    figures.push(judge({ id: `web.${id}`, group: "Web", label, value, unit, budget }));
  for (const [page, measured] of Object.entries(scores)) {
    add(`js.${page}`, `${page} initial JS (gzip)`, measured.jsKb, "kB", { op: "<=", limit: 170 });
    for (const [category, limit] of Object.entries(budgets) as [keyof typeof budgets, number][]) {
      const { median, runs } = measured[category];
      const label = `${page} Lighthouse mobile ${category} (median of ${runs.length} runs)`;
      add(`lighthouse.${page}.${category}`, label, median, "", { op: ">=", limit });
    }
  }
  const weight = ([page, { firstVisit, repeatVisit }]: [string, PageScores]) => ({ page, firstVisit, repeatVisit });
  const weights: PageWeight[] = Object.entries(scores).map(weight);
  const table = {
    title: "Page weight (gzip) per visit",
    header: ["page", "first visit kB", "requests", "repeat visit kB", "requests"],
    rows: weights.map((w) => [w.page, ...[w.firstVisit, w.repeatVisit].flatMap((v) => [v.kb.toFixed(1), v.requests])]),
    notes: ["Repeat visit: JS and CSS under `_next/static/` are fingerprinted and cached a year; HTML is revalidated."],
  };
  return { figures, tables: [table], data: weights };
}

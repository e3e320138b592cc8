// The web app through the web workspace's own tools, so the logic lives once: initial JS per page from
// web/scripts/initial-js.mjs, Lighthouse mobile from bench/lighthouse.mjs (its own build, /ride/ signed in,
// --save-json keeps each report). Also each page's bytes for the cost: first visit, and a repeat visit with the
// fingerprinted assets (`_next/static/`, cached for a year) in the browser's cache and only the HTML fetched again.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { claimPort } from "@wildrydes/local/plumbing/processes";
import { buildWeb } from "@wildrydes/local/site/web-build";
import { endpointsFor } from "@wildrydes/local/stack";
import { root, workDir } from "./dynamo";
import { type Figure, judge, type PhaseResult } from "./figure";

const reports = path.join(workDir, "lighthouse");
const pages = ["/", "/signin/", "/ride/"] as const;
/** bench/lighthouse.mjs's budgets. */
const budgets = { performance: 95, accessibility: 100, "best-practices": 100 } as const;

type Visit = { kb: number; requests: number };
export type PageWeight = { page: string; firstVisit: Visit; repeatVisit: Visit };

const htmlSrc = (page: string) => `${page}index.html`;

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
  const script = path.join(root, "bench/lighthouse.mjs");
  const base = await portBase();
  const args = ["--import", "tsx", script, `--port-base=${base}`, `--save-json=${reports}`];
  // It exits 1 when a page misses the web workspace's budgets; the reports are written regardless.
  await promisify(execFile)(process.execPath, args, { cwd: path.join(root, "web"), timeout: 900_000 }).catch(() => {});
  // The build it served, from local/'s build cache (web/out is only its latest uncached build).
  const ports = { web: base, api: base + 1, cognito: base + 2, dynamodb: base + 3 };
  const { root: webOut } = await buildWeb(endpointsFor(ports));
  const { initialJsBytes, scriptsOf, gzipBytes } = (await import(path.join(root, "web/scripts/initial-js.mjs"))) as {
    initialJsBytes: (outDir: string, htmlFile: string) => number;
    scriptsOf: (html: string) => { external: string[] };
    gzipBytes: (outDir: string, src: string) => number;
  };
  // lighthouse.mjs's medians per page and category, with each run's score.
  const scoresFile = path.join(reports, "scores.json");
  const scores = existsSync(scoresFile)
    ? (JSON.parse(readFileSync(scoresFile, "utf8")) as Record<
        string,
        Record<string, { median: number; runs: number[] }>
      >)
    : null;
  const figures: Figure[] = [];
  const add = (id: string, label: string, value: number, unit: string, budget: Figure["budget"]) =>
    figures.push(judge({ id: `web.${id}`, group: "Web", label, value, unit, budget }));
  const weights: PageWeight[] = [];
  for (const page of pages) {
    const htmlFile = path.join(webOut, htmlSrc(page));
    if (!existsSync(htmlFile)) continue;
    const html = readFileSync(htmlFile, "utf8");
    const jsKb = initialJsBytes(webOut, htmlFile) / 1000;
    add(`js.${page}`, `${page} initial JS (gzip)`, jsKb, "kB", { op: "<=", limit: 170 });
    const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1] ?? "");
    const assets = [...scriptsOf(html).external, ...styles];
    const htmlKb = gzipBytes(webOut, htmlSrc(page)) / 1024;
    const assetKb = assets.reduce((sum, src) => sum + gzipBytes(webOut, src), 0) / 1024;
    weights.push({
      page,
      firstVisit: { kb: htmlKb + assetKb, requests: 1 + assets.length },
      repeatVisit: { kb: htmlKb, requests: 1 },
    });
    const pageScores = scores?.[page];
    if (!pageScores) continue;
    for (const [category, limit] of Object.entries(budgets)) {
      const score = pageScores[category]?.median ?? 0;
      const label = `${page} Lighthouse mobile ${category} (median of ${pageScores[category]?.runs.length ?? 0} runs)`;
      add(`lighthouse.${page}.${category}`, label, score, "", { op: ">=", limit });
    }
  }
  const table = {
    title: "Page weight (gzip) per visit",
    header: ["page", "first visit kB", "requests", "repeat visit kB", "requests"],
    rows: weights.map((w) => [w.page, ...[w.firstVisit, w.repeatVisit].flatMap((v) => [v.kb.toFixed(1), v.requests])]),
    notes: ["Repeat visit: JS and CSS under `_next/static/` are fingerprinted and cached a year; HTML is revalidated."],
  };
  return { figures, tables: [table], data: weights };
}

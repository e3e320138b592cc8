/**
 * The web app's weight and Lighthouse mobile scores, through the web workspace's own tools so the logic lives once:
 * initial JS from web/scripts/initial-js.mjs (what page-weight.mjs checks), Lighthouse from
 * web/scripts/lighthouse.mjs (builds or reuses the app, measures /ride/ signed in, --save-json keeps each
 * report). Without that script, Lighthouse's CLI runs against the local static server instead.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { claimPort } from "@wildrydes/local/processes";
import { startStack } from "@wildrydes/local/stack";
import { outRoot } from "./bundles";
import { quick } from "./dynamo";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const webOut = path.join(root, "web/out");
const lighthouseScript = path.join(root, "web/scripts/lighthouse.mjs");
const reports = path.join(outRoot, "lighthouse");
export const pages = ["/", "/signin/", "/ride/"] as const;
export const jsBudgetKb = 170;

export interface WebRow {
  page: string;
  initialJsKbGzip: number | null;
  scripts: number | null;
  lighthouse: { performance: number; accessibility: number; bestPractices: number; lcpMs: number } | null;
  /** Where Lighthouse ended up (a signed-out /ride/ would land on /signin/). */
  landedOn?: string;
}

const reportName = (page: string) => page.replaceAll("/", "") || "home";
const htmlOf = (page: string) => (page === "/" ? "index.html" : `${page.replace(/^\/|\/$/g, "")}/index.html`);

async function initialJs(page: string): Promise<{ kb: number; scripts: number } | null> {
  const file = path.join(webOut, htmlOf(page));
  if (!existsSync(file)) return null;
  const module = path.join(root, "web/scripts/initial-js.mjs");
  const { initialJsBytes, scriptsOf } = (await import(module)) as {
    initialJsBytes: (outDir: string, htmlFile: string) => number;
    scriptsOf: (html: string) => { external: string[] };
  };
  return {
    kb: initialJsBytes(webOut, file) / 1000,
    scripts: scriptsOf(readFileSync(file, "utf8")).external.length,
  };
}

function readReport(page: string): Pick<WebRow, "lighthouse" | "landedOn"> {
  const file = path.join(reports, `${reportName(page)}.json`);
  if (!existsSync(file)) return { lighthouse: null };
  const lhr = JSON.parse(readFileSync(file, "utf8")) as {
    categories: Record<string, { score: number }>;
    audits: Record<string, { numericValue?: number }>;
    finalDisplayedUrl?: string;
  };
  const score = (key: string) => Math.round((lhr.categories[key]?.score ?? 0) * 100);
  return {
    lighthouse: {
      performance: score("performance"),
      accessibility: score("accessibility"),
      bestPractices: score("best-practices"),
      lcpMs: lhr.audits["largest-contentful-paint"]?.numericValue ?? 0,
    },
    landedOn: lhr.finalDisplayedUrl ? new URL(lhr.finalDisplayedUrl).pathname : undefined,
  };
}

/** Four consecutive free ports (web, api, cognito, dynamodb) for lighthouse.mjs; a stable base keeps its build cached. */
async function portBase(): Promise<number> {
  for (let base = Number(process.env.BENCH_PORT_BASE ?? 4480); base < 65_000; base += 10) {
    const free = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        claimPort(base + i, "bench").then(
          () => true,
          () => false,
        ),
      ),
    );
    if (free.every(Boolean)) return base;
  }
  throw new Error("no four free consecutive ports for Lighthouse");
}

/** Runs the web workspace's Lighthouse script; null (with why) when it wrote no reports, e.g. a build in progress. */
async function viaWebScript(): Promise<{ source: string } | { failed: string }> {
  rmSync(reports, { recursive: true, force: true });
  const args = ["--import", "tsx", lighthouseScript, `--port-base=${await portBase()}`, `--save-json=${reports}`];
  // It exits 1 when a page misses the web workspace's own (stricter) budgets; the reports are written regardless.
  const options = { cwd: path.join(root, "web"), timeout: 240_000, maxBuffer: 16 * 1024 * 1024 };
  const output = await run(process.execPath, args, options).then(
    (r) => r.stderr,
    (e: { stderr?: string; message: string }) => e.stderr ?? e.message,
  );
  if (pages.every((page) => existsSync(path.join(reports, `${reportName(page)}.json`)))) {
    return { source: "web/scripts/lighthouse.mjs (its own build, /ride/ signed in)" };
  }
  const lines = output.split("\n").map((line) => line.trim());
  const why =
    lines.find((l) => /^(StackError|Error)\b|Another next build|EADDRINUSE/.test(l)) ??
    lines.find((l) => /failed to build/.test(l)) ??
    "no reports written";
  return { failed: why.trim().slice(0, 160) };
}

async function viaCli(): Promise<string> {
  mkdirSync(reports, { recursive: true });
  const stack = await startStack({ web: { root: webOut } });
  try {
    for (const page of quick ? pages.slice(0, 1) : pages) {
      const cli = path.join(root, "node_modules/lighthouse/cli/index.js");
      const output = `--output-path=${path.join(reports, `${reportName(page)}.json`)}`;
      const flags = ["--output=json", output, "--only-categories=performance,accessibility,best-practices", "--quiet"];
      const chrome = "--chrome-flags=--headless=new --no-sandbox";
      const env = { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" };
      await run(process.execPath, [cli, `${stack.endpoints.webUrl}${page}`, ...flags, chrome], {
        env,
        timeout: 120_000,
      });
    }
  } finally {
    await stack.stop();
  }
  return "Lighthouse CLI against the local static server (web/out, signed out)";
}

export async function measureWeb(): Promise<{ rows: WebRow[]; builtAt: string | null; note?: string }> {
  let source = "";
  const viaScript = existsSync(lighthouseScript)
    ? await viaWebScript()
    : { failed: "web/scripts/lighthouse.mjs absent" };
  if ("source" in viaScript) source = viaScript.source;
  else source = `${await viaCli()}, because web/scripts/lighthouse.mjs could not run (${viaScript.failed})`;
  if (!existsSync(path.join(webOut, "index.html"))) {
    return { rows: [], builtAt: null, note: "web/out is missing: run `npm run build:web` first." };
  }
  const rows: WebRow[] = [];
  for (const page of pages) {
    const weight = await initialJs(page);
    rows.push({ page, initialJsKbGzip: weight?.kb ?? null, scripts: weight?.scripts ?? null, ...readReport(page) });
  }
  return {
    rows,
    builtAt: statSync(path.join(webOut, "index.html")).mtime.toISOString(),
    note: `Lighthouse: ${source}.`,
  };
}

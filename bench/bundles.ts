/**
 * Lambda bundles built the way SST 4 builds them for deployment, their size and what fills them, and their cold
 * start: a fresh node process imports the bundle and serves one request against DynamoDB Local.
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { routes } from "@wildrydes/functions/routes";
import { build, type Metafile, type Plugin } from "esbuild";
import { handlerEnvironment, median, quick } from "./dynamo";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
/** Under node_modules so bundles resolve the external @aws-sdk/* from the repo's node_modules and git ignores them. */
export const outRoot = path.join(root, "node_modules/.cache/wildrydes-bench");

/**
 * SST 4.17.1's Node build (its Go `Runtime.Build`, read from the binary's strings and `nodejs` docs in
 * .sst/platform/src/components/aws/function.ts): ESM, minified, no sourcemap, no splitting, a createRequire
 * banner, and `@aws-sdk/*` external for nodejs18.x+ runtimes, which ship SDK v3.
 */
export const sstLikeOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  minify: true,
  sourcemap: false,
  splitting: false,
  mainFields: ["module", "main"],
  external: ["@aws-sdk/*", "sharp", "pg-native"],
  banner: {
    js: "import { createRequire as topLevelCreateRequire } from 'module';const require = topLevelCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: "silent",
} as const;

/** Changes tried on one handler to show what would meet the budget; the deployed build is `undefined`. */
export type Variant = "zod-namespace" | "zod-namespace+sdk-bundled";

export interface BundleRow {
  route: string;
  variant?: Variant;
  handler: string;
  sizeKb: number;
  /** Largest contributors by bytes in the output, grouped by package (or our own workspace). */
  top: { input: string; kb: number }[];
  cold?: ColdRow;
}

export interface ColdRow {
  runs: number;
  medianTotalMs: number;
  medianImportMs: number;
  medianInvokeMs: number;
  /** Median total over the empty handler's median total: budget <= 2.0. */
  ratio: number;
  /** Median total over the SDK-only handler's: what our code adds on top of loading the SDK. */
  ratioToSdk: number;
  statuses: number[];
}

function owner(input: string): string {
  const parts = input.split("node_modules/");
  const tail = parts[parts.length - 1] ?? input;
  if (parts.length === 1) return tail.split("/").slice(0, 2).join("/");
  const segments = tail.split("/");
  return segments[0]?.startsWith("@") ? `${segments[0]}/${segments[1]}` : (segments[0] ?? tail);
}

function topInputs(metafile: Metafile, top = 3): { input: string; kb: number }[] {
  const output = Object.values(metafile.outputs)[0];
  const bytes = new Map<string, number>();
  for (const [input, info] of Object.entries(output?.inputs ?? {})) {
    bytes.set(owner(input), (bytes.get(owner(input)) ?? 0) + info.bytesInOutput);
  }
  return [...bytes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([input, b]) => ({ input, kb: b / 1024 }));
}

/** `import { z } from "zod"` keeps every zod locale and the JSON-schema code; the namespace import tree-shakes. */
const zodNamespace: Plugin = {
  name: "zod-namespace",
  setup(b) {
    b.onLoad({ filter: /\/(core|functions)\/src\/.*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, "utf8")).replace('import { z } from "zod";', 'import * as z from "zod";'),
      loader: "ts",
    }));
  },
};

async function bundle(name: string, entry: string, variant?: Variant) {
  const dir = path.join(outRoot, name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "index.mjs");
  const external = variant === "zod-namespace+sdk-bundled" ? ["sharp", "pg-native"] : [...sstLikeOptions.external];
  const result = await build({
    ...sstLikeOptions,
    mainFields: [...sstLikeOptions.mainFields],
    external,
    plugins: variant ? [zodNamespace] : [],
    entryPoints: [entry],
    outfile: file,
  });
  const metafile = result.metafile as Metafile;
  const bytes = Object.values(metafile.outputs)[0]?.bytes ?? 0;
  return { file, sizeKb: bytes / 1024, metafile };
}

/** Baselines built the same way: a handler that does nothing, and one that only loads the SDK and reads once. */
const baselines = {
  empty: 'export const handler = async () => ({ statusCode: 200, body: "{}" });\n',
  "sdk-only": [
    'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";',
    'import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";',
    "const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));",
    "export const handler = async () => {",
    '  const table = JSON.parse(process.env.SST_RESOURCE_Table ?? "{}").name;',
    '  await db.send(new GetCommand({ TableName: table, Key: { pk: "NONE", sk: "NONE" } }));',
    '  return { statusCode: 200, body: "{}" };',
    "};",
    "",
  ].join("\n"),
} as const;

export type Baseline = keyof typeof baselines;

export async function buildBundles(): Promise<{
  rows: BundleRow[];
  files: Map<string, string>;
  baselineFiles: Record<Baseline, string>;
  baselineSizes: Record<Baseline, number>;
}> {
  const files = new Map<string, string>();
  const rows: BundleRow[] = [];
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    const source = path.join(root, `${route.handler.slice(0, route.handler.lastIndexOf("."))}.ts`);
    const name = route.handler
      .replace(/^functions\/src\//, "")
      .replace(/\.handler$/, "")
      .replaceAll("/", "-");
    const built = await bundle(name, source);
    files.set(key, built.file);
    rows.push({ route: key, handler: route.handler, sizeKb: built.sizeKb, top: topInputs(built.metafile) });
  }
  const hottest = routes.find((r) => r.method === "POST" && r.path === "/rides");
  for (const variant of hottest ? (["zod-namespace", "zod-namespace+sdk-bundled"] as const) : []) {
    const key = `POST /rides (${variant})`;
    const source = path.join(root, "functions/src/rides/request.ts");
    const built = await bundle(`rides-request-${variant.replace("+", "-")}`, source, variant);
    files.set(key, built.file);
    rows.push({
      route: key,
      variant,
      handler: hottest?.handler ?? "",
      sizeKb: built.sizeKb,
      top: topInputs(built.metafile),
    });
  }
  mkdirSync(outRoot, { recursive: true });
  const baselineFiles = {} as Record<Baseline, string>;
  const baselineSizes = {} as Record<Baseline, number>;
  for (const [name, code] of Object.entries(baselines) as [Baseline, string][]) {
    const source = path.join(outRoot, `${name}-source.ts`);
    writeFileSync(source, code);
    const built = await bundle(name, source);
    baselineFiles[name] = built.file;
    baselineSizes[name] = built.sizeKb;
  }
  return { rows, files, baselineFiles, baselineSizes };
}

export interface ColdSample {
  totalMs: number;
  importMs: number;
  invokeMs: number;
  statusCode: number;
}

export async function coldStart(file: string, event: unknown, endpoint: string): Promise<ColdSample> {
  const env = { PATH: process.env.PATH ?? "", NODE_OPTIONS: "", ...handlerEnvironment(endpoint), LANG: "C" };
  const { stdout } = await run(
    process.execPath,
    [path.join(import.meta.dirname, "cold-runner.mjs"), file, JSON.stringify(event)],
    {
      env,
      cwd: path.dirname(file),
      maxBuffer: 8 * 1024 * 1024,
    },
  );
  const last = stdout.trim().split("\n").pop() ?? "{}";
  return JSON.parse(last) as ColdSample;
}

export const coldRuns = quick ? 4 : 10;

export function summarise(samples: ColdSample[], emptyMedianMs: number, sdkMedianMs: number): ColdRow {
  const total = median(samples.map((s) => s.totalMs));
  return {
    runs: samples.length,
    medianTotalMs: total,
    medianImportMs: median(samples.map((s) => s.importMs)),
    medianInvokeMs: median(samples.map((s) => s.invokeMs)),
    ratio: total / emptyMedianMs,
    ratioToSdk: total / sdkMedianMs,
    statuses: [...new Set(samples.map((s) => s.statusCode))],
  };
}

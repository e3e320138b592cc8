/**
 * Runs sst.config.ts's program offline and returns every resource it declares, the way `sst deploy` would
 * build it: bundled by .sst/platform's esbuild with SST's globals (`aws`, `sst`, `$app`, `$cli`, `$dev`, the
 * run.js shim), run by .sst/platform/src/auto/run.ts, but under Pulumi mocks and a loopback SST_SERVER.
 * Each stage runs in its own process because Pulumi's runtime state is process-global.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as esbuild from "esbuild";
import { type GraphResult, readGraphResult } from "./graph-program";
import { ensurePlatform, platformDir, repoRoot } from "./platform";

export type { GraphBuild, GraphResource, GraphResult } from "./graph-program";

/**
 * Packages the platform imports stay external and load from .sst/platform/node_modules at run time:
 * bundling esbuild itself would make its worker thread re-run the whole program.
 */
const platformPackagesExternal: esbuild.Plugin = {
  name: "platform-packages-external",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.importer.startsWith(platformDir) ? { path: args.path, external: true } : undefined,
    );
  },
};

/** Like the CLI, the app's own files (not the platform's) get the `aws` and `sst` globals as imports. */
const appGlobals: esbuild.Plugin = {
  name: "app-globals",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      if (args.path.startsWith(platformDir) || args.path.includes("node_modules")) return undefined;
      const source = await readFile(args.path, "utf8");
      if (!/\b(sst|aws)\./.test(source)) return undefined;
      const components = join(platformDir, "src/components/index.ts").split("\\").join("/");
      const prefix = `import * as aws from "@pulumi/aws"; import * as sst from "${components}";\n`;
      return { contents: prefix + source, loader: "ts" };
    });
  },
};

/** The banner and defines of SST's CLI (pkg/project/run.go), except that $app/$cli are filled in by the child. */
function buildOptions(outfile: string): esbuild.BuildOptions {
  const posix = (path: string) => path.split("\\").join("/");
  return {
    stdin: {
      contents: [
        `import * as pulumi from "@pulumi/pulumi";`,
        `import { run } from "${posix(join(platformDir, "src/auto/run.ts"))}";`,
        `import config from "${posix(join(repoRoot, "sst.config.ts"))}";`,
        `import { runGraph } from "${posix(join(repoRoot, "infra/test/graph-program.ts"))}";`,
        "await runGraph({ pulumi, run, config });",
      ].join("\n"),
      resolveDir: repoRoot,
      sourcefile: "graph-entry.ts",
      loader: "ts",
    },
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from "module";`,
        "const require = topLevelCreateRequire(import.meta.url);",
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url";`,
        `const __filename = topLevelFileUrlToPath(import.meta.url);`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url));`,
        "globalThis.$app = {};",
        "globalThis.$cli = JSON.parse(process.env.GRAPH_CLI);",
      ].join("\n"),
    },
    define: { $app: "globalThis.$app", $cli: "globalThis.$cli", $dev: "false" },
    inject: [join(platformDir, "src/shim/run.js")],
    external: ["@pulumi/*", "@aws-sdk/*"],
    plugins: [platformPackagesExternal, appGlobals],
    mainFields: ["module", "main"],
    format: "esm",
    platform: "node",
    target: "node20",
    bundle: true,
    write: true,
    outfile,
    logLevel: "silent",
  };
}

let bundled: Promise<string> | undefined;

/** Bundles once per test process; the output lives in .sst/platform so its node_modules resolve. */
export function bundleProgram(): Promise<string> {
  bundled ??= (async () => {
    await ensurePlatform();
    const dir = join(platformDir, ".graph");
    mkdirSync(dir, { recursive: true });
    const stamp = `${process.pid}-${Date.now()}`;
    const outfile = join(dir, `program-${stamp}.mjs`);
    const require = createRequire(join(platformDir, "package.json"));
    const build = require("esbuild") as typeof esbuild;
    await build.build(buildOptions(outfile));
    return outfile;
  })();
  return bundled;
}

/** A stand-in project root: the site's build output exists, so StaticSite can list its files. */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "wildrydes-graph-"));
  mkdirSync(join(root, "web", "out"), { recursive: true });
  writeFileSync(join(root, "web", "out", "index.html"), "<!doctype html><title>Wild Rydes</title>");
  writeFileSync(join(root, "web", "out", "404.html"), "<!doctype html><title>Not found</title>");
  mkdirSync(join(root, "work"), { recursive: true });
  return root;
}

export interface GraphRunOptions {
  stage: string;
  env?: Record<string, string>;
}

/** Runs the program for one stage in a child process and returns what it declared. */
export async function runGraph({ stage, env = {} }: GraphRunOptions): Promise<GraphResult> {
  const program = await bundleProgram();
  const root = fakeRoot();
  const out = join(root, "graph.json");
  const cli = {
    command: "deploy",
    dev: false,
    paths: { home: join(root, "home"), root, work: join(root, "work"), platform: platformDir },
    state: { version: {} },
  };
  try {
    const failure = await new Promise<Error | undefined>((resolve) => {
      execFile(
        process.execPath,
        [program],
        {
          cwd: root,
          // Generous: the machine may be busy; a run takes some 20 s alone.
          timeout: 200_000,
          env: {
            ...process.env,
            ...env,
            GRAPH_STAGE: stage,
            GRAPH_OUT: out,
            GRAPH_CLI: JSON.stringify(cli),
            GRAPH_REPO_ROOT: repoRoot,
            AWS_EC2_METADATA_DISABLED: "true",
            SST_TELEMETRY_DISABLED: "1",
          },
        },
        (error, _stdout, stderr) =>
          resolve(error ? new Error(`${error.message}${error.killed ? " (timed out)" : ""}\n${stderr}`) : undefined),
      );
    });
    // Pulumi turns a failed program into a non-zero exit; the result file still says what went wrong.
    if (!existsSync(out)) throw new Error(`graph run for stage ${stage} wrote no result: ${failure?.message}`);
    return readGraphResult(out);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Removes this process's bundle (call from afterAll). */
export async function cleanupProgram(): Promise<void> {
  if (!bundled) return;
  rmSync(await bundled, { force: true });
  bundled = undefined;
}

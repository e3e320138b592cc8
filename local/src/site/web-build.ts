/**
 * Builds the static web app for the local stack and caches each build under `.local/web/<hash>/`, keyed by its
 * public env and every web source file, so a restart with nothing changed skips the build. No port is baked in:
 * the app calls the API, Cognito and the live events at site-relative paths, which the static server routes, so one
 * build serves every start whatever the ports.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { StackError } from "../plumbing/processes";
import type { Endpoints } from "../stack";
import { sitePaths } from "./router";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const cacheRoot = path.join(repoRoot, ".local", "web");

/** The pool the app signs in to; nothing that depends on a port. */
export type WebBuildInputs = Pick<Endpoints, "region" | "userPoolId" | "userPoolClientId">;

export function webBuildEnv(pool: WebBuildInputs): Record<string, string> {
  return {
    NEXT_PUBLIC_API_URL: sitePaths.api,
    NEXT_PUBLIC_REGION: pool.region,
    NEXT_PUBLIC_USER_POOL_ID: pool.userPoolId,
    NEXT_PUBLIC_USER_POOL_CLIENT_ID: pool.userPoolClientId,
    NEXT_PUBLIC_COGNITO_ENDPOINT: sitePaths.cognito,
    NEXT_PUBLIC_EVENTS_URL: sitePaths.events,
  };
}

/** The folders the build reads: web/ and core's sources (web imports core's browser-safe modules, which import more). */
const sourceDirs = ["web", "core/src"];

/** Tracked and untracked-but-not-ignored source files, without build output or tests. */
function webSourceFiles(): string[] {
  let listed: string[];
  try {
    listed = execFileSync("git", ["ls-files", "-co", "--exclude-standard", ...sourceDirs], {
      cwd: repoRoot,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
  } catch {
    // Not a git checkout (or no git): walk the folders, skipping what .gitignore would.
    listed = sourceDirs.flatMap((dir) =>
      readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
        .filter((file) => !/(^|\/)node_modules\//.test(file)),
    );
  }
  return listed
    .filter((file) => !/^web\/(out|\.next)\//.test(file) && !/\.test\.ts$/.test(file))
    .filter((file) => existsSync(path.join(repoRoot, file)))
    .sort();
}

/** Other inputs the build reads: core's package (its exports map) and the locked versions. */
const sharedInputs = ["core/package.json", "package-lock.json"];

export function webBuildHash(env: Record<string, string>): string {
  const hash = createHash("sha256").update(JSON.stringify(env));
  const files = [...webSourceFiles(), ...sharedInputs.filter((file) => existsSync(path.join(repoRoot, file)))];
  for (const file of files) {
    hash.update(`\0${file}\0`);
    hash.update(readFileSync(path.join(repoRoot, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

function runBuild(env: Record<string, string>, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "build", "-w", "web"], {
      cwd: repoRoot,
      env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.LOCAL_DEBUG) log(chunk.toString().trimEnd());
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", (error) => reject(new StackError(`Could not run npm to build the web app: ${error.message}`)));
    child.once("exit", (code) => {
      if (code === 0) return resolve();
      const tail = output.trim().split("\n").slice(-40).join("\n");
      reject(new StackError(`The web app failed to build (npm run build -w web exited with ${code}):\n${tail}`));
    });
  });
}

/** Keeps the newest few builds so switching branches back and forth stays fast without filling the disk. */
function pruneOldBuilds(keep: number): void {
  const builds = readdirSync(cacheRoot)
    .filter((name) => !name.startsWith("tmp-"))
    .map((name) => ({ name, mtime: statSync(path.join(cacheRoot, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(keep)) rmSync(path.join(cacheRoot, old.name), { recursive: true, force: true });
}

/** Returns the folder to serve, building only when no cached build matches. */
export async function buildWeb(
  pool: WebBuildInputs,
  log: (line: string) => void = () => {},
): Promise<{ root: string; cached: boolean }> {
  const env = webBuildEnv(pool);
  const hash = webBuildHash(env);
  const root = path.join(cacheRoot, hash);
  if (existsSync(path.join(root, "index.html"))) {
    utimesSync(root, new Date(), new Date());
    return { root, cached: true };
  }
  log("Building the web app (the first build takes a minute)…");
  await runBuild(env, log);
  const out = path.join(repoRoot, "web", "out");
  if (!existsSync(path.join(out, "index.html"))) {
    throw new StackError('The web build finished but web/out/index.html is missing: is `output: "export"` set?');
  }
  // Copy to a temp name first so an interrupted copy never looks like a finished build.
  mkdirSync(cacheRoot, { recursive: true });
  const temp = path.join(cacheRoot, `tmp-${hash}-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  cpSync(out, temp, { recursive: true });
  rmSync(root, { recursive: true, force: true });
  renameSync(temp, root);
  pruneOldBuilds(3);
  return { root, cached: false };
}

/** The most recent cached build, for `--no-build`. */
export function latestBuild(): string | null {
  if (!existsSync(cacheRoot)) return null;
  const newest = readdirSync(cacheRoot)
    .filter((name) => !name.startsWith("tmp-") && existsSync(path.join(cacheRoot, name, "index.html")))
    .map((name) => ({ name, mtime: statSync(path.join(cacheRoot, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)[0];
  return newest ? path.join(cacheRoot, newest.name) : null;
}

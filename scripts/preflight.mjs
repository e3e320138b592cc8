#!/usr/bin/env node
/**
 * Runs before `npm start` and `npm test` (`node scripts/preflight.mjs start|test`) so a fresh clone needs no other
 * step: installs the lockfile's dependencies when they are missing or stale, then checks Java 17+ (DynamoDB Local)
 * and, for tests, Chromium (Playwright cannot download its own browser everywhere). As root with apt-get it installs
 * what is missing; otherwise it prints the exact command and exits 1. Plain node:* modules only: it runs before
 * node_modules exists.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const command = process.argv[2];
if (command !== "start" && command !== "test") {
  console.error("Usage: node scripts/preflight.mjs start|test");
  process.exit(2);
}

const run = (cmd, args, options = {}) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...options });
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

checkNode();
installDependencies();

const missing = [];
if (!hasJava17()) missing.push("openjdk-17-jre-headless");
if (command === "test" && !findChromium()) missing.push("chromium");
if (missing.length > 0) installSystemPackages(missing);

function checkNode() {
  const wanted = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).engines.node; // "^20.19.0 || >=22.12.0"
  const [major, minor] = process.versions.node.split(".").map(Number);
  // Each alternative is "^M.m" (that major, at least that minor) or ">=M.m" (that version or any later one).
  const meets = wanted.split("||").some((range) => {
    const [wantMajor, wantMinor = 0] = range.match(/\d+/g).map(Number);
    const atLeast = major > wantMajor || (major === wantMajor && minor >= wantMinor);
    return range.trim().startsWith("^") ? major === wantMajor && atLeast : atLeast;
  });
  if (!meets) {
    console.error(`Node.js ${wanted} is needed; this is ${process.versions.node}. Install a newer Node.js and retry.`);
    process.exit(1);
  }
}

/** npm writes node_modules/.package-lock.json on every install: older than package-lock.json means stale. */
function installDependencies() {
  const hidden = mtime(path.join(root, "node_modules", ".package-lock.json"));
  if (hidden > 0 && hidden >= mtime(path.join(root, "package-lock.json"))) return;
  console.log(hidden ? "package-lock.json changed: npm ci…" : "First run: installing dependencies (npm ci)…");
  const install = run("npm", ["ci", "--no-audit", "--no-fund"]);
  if (install.status !== 0) process.exit(install.status ?? 1);
}

function hasJava17() {
  const probe = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return false;
  // `openjdk version "17.0.15"` (Java 9+) or `java version "1.8.0_392"` (Java 8).
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  if (!version) return true; // an unusual vendor string: let DynamoDB Local judge
  const major = Number(version[1]) === 1 ? Number(version[2]) : Number(version[1]);
  return major >= 17;
}

/** The same places e2e/playwright.config.ts looks: CHROMIUM_PATH, the system Chromium, Playwright's own download. */
function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH);
  if (["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].some(existsSync)) return true;
  try {
    const { chromium } = createRequire(path.join(root, "e2e", "package.json"))("playwright-core");
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

function installSystemPackages(packages) {
  const line = `apt-get install -y ${packages.join(" ")}`;
  const why = `npm ${command} needs ${packages.map(purpose).join(" and ")}`;
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (process.getuid?.() !== 0 || !hasApt) {
    const where = hasApt ? "" : " (Debian/Ubuntu; elsewhere its equivalent)";
    console.error(`${why}. Install with this line${where} and run the command again:\n  sudo ${line}`);
    process.exit(1);
  }
  console.log(`${why}: ${line}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const quiet = { env, stdio: ["ignore", "ignore", "inherit"] };
  if (run("apt-get", ["update", "-qq"], quiet).status !== 0) process.exit(1);
  const args = ["install", "-y", "-qq", "--no-install-recommends", ...packages];
  if (run("apt-get", args, quiet).status !== 0) process.exit(1);
}

function purpose(pkg) {
  return pkg === "chromium" ? "Chromium (Playwright's browser)" : "Java 17+ (DynamoDB Local)";
}

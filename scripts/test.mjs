#!/usr/bin/env node
/**
 * The one test command (`npm test`): type-check and lint, then every vitest project (unit, integration against
 * DynamoDB Local, infrastructure), then the Playwright journeys in Chromium. Ends with one plain line of totals.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// The repository's own binaries, never `npx <tool>`, which fetches an unrelated registry package when one is missing.
const bin = (tool) => path.join("node_modules", ".bin", tool);

const results = "test-results";
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const started = Date.now();
let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;

function step(title, command, args) {
  const t0 = Date.now();
  console.log(`\n━━ ${title}: ${path.basename(command)} ${args.join(" ")}`);
  const run = spawnSync(command, args, { stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(
    `━━ ${title}: ${run.status === 0 ? "ok" : `exit ${run.status ?? run.signal ?? run.error?.message}`} in ${seconds} s`,
  );
  return run.status === 0;
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

if (!step("types", bin("tsc"), ["-p", "tsconfig.json"])) broken = true;
if (!step("lint", bin("biome"), ["check", "."])) broken = true;

// Built first (or reused from .local/web) so the security suite can grep the real bundle; e2e serves the same build.
if (!step("web build", bin("tsx"), ["e2e/build-site.ts"])) broken = true;

const vitestOk = step("vitest (unit, integration, infra)", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${results}/vitest.json`,
]);
const vitest = readJson(`${results}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
}
if (!vitestOk && !vitest?.numFailedTests) broken = true;

const e2eOk = step("playwright (e2e in Chromium)", bin("playwright"), ["test", "-c", "e2e/playwright.config.ts"]);
const e2e = readJson(`${results}/e2e.json`);
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
}
if (!e2eOk && !e2e?.stats.unexpected) broken = true;

const seconds = Math.round((Date.now() - started) / 1000);
const minutes = (seconds / 60).toFixed(1);
console.log(`\nAll tests took ${minutes} min.${broken ? " A step failed outside the test counts (see above)." : ""}`);
if (broken) failed += 1;
writeFileSync(`${results}/summary.json`, `${JSON.stringify({ passed, failed, skipped, seconds, broken }, null, 2)}\n`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);

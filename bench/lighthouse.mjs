#!/usr/bin/env node
/**
 * Lighthouse (mobile, simulated throttling) for every page on the real local stack, each as whoever uses it: / and
 * /signin/ signed out, /ride/ as a fresh rider, /unicorn/ as the first demo crew (linked to its unicorn), /ops/ as the
 * demo operator after a few rides reached the lake, so its charts are drawn. A session is seeded by putting the
 * account's tokens where Amplify keeps them, so the score is the page's, not the redirect to sign in's.
 * Each page is audited --runs times (default 5) as a first visit (HTTP cache cleared) and judged on the median of
 * each category's scores (Lighthouse CI's "median"); the metrics shown and the report saved are the median run's
 * (computeMedianRun). One discarded run first absorbs the fresh browser's start-up (docs/decisions/0016).
 * Usage: npx tsx bench/lighthouse.mjs [--port-base=4460] [--pages=/ride/,/] [--runs=5] [--save-json=dir] (each
 * page's median report and trace, and scores.json: the medians, initial JS and page weights the bench reads).
 * Needs Chromium (CHROME_PATH, default /usr/bin/chromium). Prints a table and exits 1 if a budget is missed.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { buildWeb } from "@wildrydes/local/site/web-build";
import { endpointsFor, startStack } from "@wildrydes/local/stack";
import { newRider, newRiders } from "@wildrydes/testing/rider-accounts";
import { nearby, riderApi } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import puppeteer from "puppeteer-core";
import { gzipBytes, scriptsOf } from "../web/scripts/initial-js.mjs";

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
const base = Number(arg("port-base", 4460));
const saveDir = arg("save-json");
const runs = Math.max(1, Number(arg("runs", 5)));
const ports = { web: base, api: base + 1, cognito: base + 2, dynamodb: base + 3 };
const categories = ["performance", "accessibility", "best-practices"];
const budgets = { performance: 95, accessibility: 100, "best-practices": 100, jsKb: 170 };
const roles = { "/": null, "/signin/": null, "/ride/": "rider", "/unicorn/": "crew", "/ops/": "operator" };
const pages = Object.entries(roles)
  .map(([path, as]) => ({ path, as }))
  .filter((page) => !arg("pages") || arg("pages").split(",").includes(page.path));

const { root } = await buildWeb(endpointsFor(ports), (line) => console.log(`[web build] ${line}`));
const stack = await startStack({ ports, web: { root } });
const { endpoints } = stack;
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-component-update"],
});
const [rows, failures, summary] = [[], [], {}];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;

/** A few rides through the API, in the lake, for /ops/: three ridden to the end, one cancelled, one on its way. */
async function someRides() {
  const riders = await newRiders(endpoints, 5, "lighthouse");
  const free = (await riderApi(endpoints, riders[0].accessToken).unicorns()).filter((u) => u.available);
  const rides = await Promise.all(
    riders.map(async (rider, i) => {
      const pickup = nearby(free[i].location, 100 + 50 * i);
      return riderApi(endpoints, rider.accessToken).requestRide(pickup, nearby(pickup, 200));
    }),
  );
  await riderApi(endpoints, riders[3].accessToken).cancelRide(rides[3].rideId);
  await sleep(Math.max(...rides.map((r) => Date.parse(r.arrivesAt))) - Date.now() + 500);
  const boarded = await Promise.all(
    [0, 1, 2].map((i) => riderApi(endpoints, riders[i].accessToken).board(rides[i].rideId)),
  );
  await sleep(Math.max(...boarded.map((r) => Date.parse(r.dropoffAt ?? ""))) - Date.now() + 500);
  await stack.runSchedule("Sweep");
  await stack.streams.caughtUp();
  await stack.lake.flush();
}

/** The tokens a page is measured with: a fresh rider's, or a demo account's, signed in as the web app does. */
async function tokensAs(role) {
  if (role === "rider") return newRider(endpoints);
  const { operator, unicorns } = endpoints.demoAccounts;
  return signInDemo(endpoints, role === "operator" ? operator : unicorns[0]);
}

/** A page's initial JS (gzip kB), and its gzip KiB and requests on a first visit and on a repeat (HTML only). */
function weightOf(page) {
  const html = readFileSync(join(root, page.slice(1), "index.html"), "utf8");
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  const { external } = scriptsOf(html);
  const bytes = (files) => files.reduce((sum, src) => sum + gzipBytes(root, src), 0);
  const [htmlBytes, jsBytes] = [bytes([`${page}index.html`]), bytes(external)];
  return {
    jsKb: Number((jsBytes / 1000).toFixed(1)),
    firstVisit: { kb: (htmlBytes + jsBytes + bytes(styles)) / 1024, requests: 1 + external.length + styles.length },
    repeatVisit: { kb: htmlBytes / 1024, requests: 1 },
  };
}

try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  if (pages.some((p) => p.path === "/ops/")) await someRides();
  if (saveDir) mkdirSync(saveDir, { recursive: true });

  /** One Lighthouse run of a page as a first visit: empty HTTP cache, and the page's account signed in afresh. */
  async function audit(target) {
    await page.goto(`${endpoints.webUrl}/favicon.svg`);
    await page.evaluate(() => localStorage.clear());
    await cdp.send("Network.clearBrowserCache");
    if (target.as) {
      const tokens = { ...(await tokensAs(target.as)), clockDrift: "0" };
      const { username } = JSON.parse(Buffer.from(tokens.accessToken.split(".")[1], "base64url").toString());
      const prefix = `CognitoIdentityServiceProvider.${endpoints.userPoolClientId}`;
      const keys = ["accessToken", "idToken", "refreshToken", "clockDrift"].map((k) => [`${username}.${k}`, tokens[k]]);
      const session = [["LastAuthUser", username], ...keys].map(([k, v]) => [`${prefix}.${k}`, v]);
      await page.evaluate((entries) => entries.map(([key, value]) => localStorage.setItem(key, value)), session);
    }
    // disableStorageReset keeps the seeded session; the HTTP cache was cleared above.
    const flags = { output: "json", logLevel: "error", onlyCategories: categories, disableStorageReset: true };
    return lighthouse(`${endpoints.webUrl}${target.path}`, flags, undefined, page);
  }

  // A fresh browser's first paint also starts its compositor (about 2 s late): that run is thrown away.
  if (pages[0]) await audit(pages[0]);
  for (const target of pages) {
    const results = [];
    for (let run = 0; run < runs; run++) results.push(await audit(target));
    const medianLhr = computeMedianRun(results.map((r) => r.lhr));
    const { lhr, artifacts } = results.find((r) => r.lhr === medianLhr) ?? results[0];
    const runScores = (id) => results.map((r) => Math.round((r.lhr.categories[id]?.score ?? 0) * 100));
    const scores = Object.fromEntries(categories.map((id) => [id, median(runScores(id))]));
    const weight = weightOf(target.path);
    const medians = categories.map((id) => [id, { median: scores[id], runs: runScores(id) }]);
    summary[target.path] = { ...weight, ...Object.fromEntries(medians) };
    if (saveDir) {
      const name = target.path.replaceAll("/", "") || "home";
      writeFileSync(join(saveDir, `${name}.json`), JSON.stringify(lhr));
      writeFileSync(join(saveDir, `${name}.trace.json`), JSON.stringify(artifacts.Trace ?? null));
    }
    // The median run's simulated metrics.
    const shown = { FCP: "first-contentful-paint", LCP: "largest-contentful-paint", TBT: "total-blocking-time" };
    const metrics = Object.entries(shown).map(([name, id]) => [name, Math.round(lhr.audits[id]?.numericValue ?? 0)]);
    const cls = Number((lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0).toFixed(3));
    const landed = new URL(lhr.finalDisplayedUrl).pathname;
    rows.push({ page: target.path, landed, "JS kB": weight.jsKb, ...scores, ...Object.fromEntries(metrics), CLS: cls });
    for (const id of categories)
      if (scores[id] < budgets[id]) failures.push(`${target.path}: ${id} ${scores[id]} < ${budgets[id]}`);
    if (weight.jsKb > budgets.jsKb) failures.push(`${target.path}: initial JS ${weight.jsKb} kB > ${budgets.jsKb} kB`);
  }
  await browser.disconnect();
  if (saveDir) writeFileSync(join(saveDir, "scores.json"), JSON.stringify(summary, null, 2));
} finally {
  chrome.kill();
  await stack.stop();
}
console.table(rows);
for (const failure of failures) console.error(`FAIL ${failure}`);
console.log(failures.length ? `${failures.length} over budget` : "OK: every page within its Lighthouse and JS budgets");
process.exit(failures.length === 0 ? 0 : 1);

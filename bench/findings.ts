/** What misses its budget, what dominates it (from this run's own figures), and the change that would fix it. */
import { f, type Results } from "./report";

export function findings(r: Results): string {
  const out: string[] = [];
  const c = r.cold;
  if (c) {
    const empty = c.baselines.empty.medianTotalMs;
    const sdk = c.baselines["sdk-only"].medianTotalMs;
    const deployed = c.rows.filter((row) => !row.variant && row.cold);
    const zodHeavy = deployed.filter((row) => row.top[0]?.input === "zod" && (row.top[0]?.kb ?? 0) > 300);
    const variant = (v: string) => c.rows.find((row) => row.variant === v);
    const zodFix = variant("zod-namespace");
    const sdkFix = variant("zod-namespace+sdk-bundled");
    if (zodHeavy.length) {
      out.push(
        `- **zod fills ${zodHeavy.length} of ${deployed.length} bundles** (about 440 KB of each): \`import { z } from "zod"\` ` +
          "(core/src/schemas.ts, functions/src/rides/cancel.ts) keeps every zod locale and the JSON-schema code. Fix: " +
          '`import * as z from "zod"` in those two files (the API is unchanged) — measured here on POST /rides: ' +
          `${f(zodFix?.sizeKb)} KB, cold ${f(zodFix?.cold?.ratio, 2)}× empty, vs ${f(c.rows[0]?.sizeKb)} KB and ` +
          `${f(c.rows[0]?.cold?.ratio, 2)}× as deployed.`,
      );
    }
    const worst = Math.max(...deployed.map((row) => row.cold?.ratio ?? 0));
    out.push(
      `- **Cold start (worst ${f(worst, 2)}× an empty handler, budget 2.0×).** An SDK-only handler that does one GetItem ` +
        `already takes ${f(sdk, 0)} ms against ${f(empty, 0)} ms for the empty one (${f(sdk / empty, 2)}×): loading ` +
        `\`@aws-sdk/*\` (hundreds of small modules resolved from node_modules) dominates, before any of our code. ` +
        `No handler that talks to DynamoDB can meet 2.0× against an empty handler while the SDK is external; the ` +
        `"/ SDK-only" column is the honest comparison for our own code.`,
      `- **Bundling the SDK too** (esbuild tree-shakes it into one file instead of resolving it module by module): ` +
        `POST /rides ${f(sdkFix?.sizeKb)} KB, cold ${f(sdkFix?.cold?.ratio, 2)}× empty. AWS's own guidance favours ` +
        "bundling SDK v3 for cold starts; in sst.config.ts that is the function's `nodejs.esbuild` override of " +
        "`external` (check SST 4's handling of it before relying on it).",
    );
  }
  const slow = (r.api?.latency ?? []).filter((row) => !row.pass);
  if (slow.length) {
    const list = slow
      .map(
        (row) =>
          `${row.route} c=${row.concurrency}: p50 ${f(row.p50Ratio, 2)}× (+${f(row.gateway.p50 - row.direct.p50)} ms), ` +
          `p99 ${f(row.p99Ratio, 2)}×`,
      )
      .join("; ");
    out.push(
      `- **Gateway overhead over budget — ${list}.** A CPU profile of the gateway path (node:inspector over 300 warm ` +
        "GET /rides at concurrency 1, client in the same process) shows the extra work is HTTP itself: undici's " +
        "fetch and node:http with their socket writes, ahead of the SDK's own signing and parsing; jose's JWT check " +
        "and the emulator's event mapping are about 1% each. The bench now runs the HTTP client in a worker thread, " +
        "but on this 2-core host it still competes with the server loop and DynamoDB Local's JVM for CPU. A fixed " +
        "~2–5 ms of HTTP is a large ratio on a ~5 ms Query and a small one on a ~30 ms dispatch, which is why " +
        "POST /rides lands near the budget and GET /rides " +
        `does not. Nothing in the emulator stands out to optimise; in AWS this hop is API Gateway's.`,
    );
  }
  const t = r.api?.throughput;
  if (t && t.ridesPerSecond > 50) {
    out.push(
      `- **Stage throttle below capacity:** this host alone dispatches ${f(t.ridesPerSecond)} rides/s, while the ` +
        "deployed API's throttle (functions/src/routes.ts `throttle`, rateLimit 50/s per route, burst 100) would " +
        "answer 429 above 50 POST /rides per second. Raise it (and the account's Lambda concurrency) with the " +
        "expected peak, or keep it as a deliberate cost guard.",
    );
  }
  if (t && !t.pass) {
    const core = r.jit?.find((j) => j.jit === "c1")?.coreRidesPerSecond;
    out.push(
      `- **Throughput ${f(t.ratio, 2)}× of raw/2 (budget 0.8×).** A ride is not two writes: dispatch queries 4+ map ` +
        "cells, claims (TransactWriteItems), and the cancel reads the ride (GetItem) and releases it (a second " +
        "transaction), all behind two HTTP requests with JWT checks, on the same 2 cores as DynamoDB Local's JVM. " +
        (core
          ? `Core alone (no HTTP) manages ${f(core)} rides/s in the JIT phase, so ${f(t.ridesPerSecond / core, 2)}× of that is kept through the gateway. `
          : "") +
        "The raw ÷ 2 reference ignores the queries and the GetItem; budgeting against raw ÷ 3 to ÷ 4 would reflect a ride's real DynamoDB work.",
    );
  }
  const d = r.dispatchCost;
  if (d) {
    const small = d.rows[0];
    const large = d.rows[d.rows.length - 1];
    out.push(
      `- **Dispatch cost: ${f(d.ratio, 2)}× as DynamoDB Local reports it, ${f(d.billedRatio, 2)}× as AWS bills it.** ` +
        "DynamoDB Local reports 0 capacity for a Query that returns nothing, while AWS bills at least 0.5 RCU per " +
        `eventually consistent Query. With ${small?.fleetSize} unicorns a search widens through three block sizes ` +
        `(${f(small?.meanQueries)} queries, mostly empty: free locally, billed in AWS); with ${large?.fleetSize} it ` +
        `stops at the first block (${f(large?.meanQueries)} queries) but reads the ${f(large?.meanCandidates)} ` +
        "unicorns standing in it: index item size × local density is what dominates at 10,000. Levers: the gsi1 " +
        "projection in core/src/table.ts (keep it to what dispatch reads), or start at geohash precision 7 when the " +
        "first block is crowded.",
    );
  }
  const unicorns = r.journey?.find((h) => h.route === "GET /unicorns");
  // A full 1 MB page of the roster is 100+ RCU; 500 unicorns (the answer's cap) are about 10.
  if (unicorns && unicorns.readUnits > 20) {
    out.push(
      `- **GET /unicorns reads the whole roster: ${f(unicorns.readUnits)} RCU and ${f(unicorns.meanMs)} ms per call ` +
        "with 2,000 unicorns.** Fleet.roster(max = 500) in core/src/fleet.ts sends its Query without `Limit`, so " +
        "DynamoDB returns (and bills) a full 1 MB page and the code slices 500 afterwards. Fix: pass " +
        "`Limit: max - members.length` in that QueryCommand.",
    );
  }
  const jit = r.jit;
  if (jit?.length === 2) {
    const [c1, tiered] = [jit.find((j) => j.jit === "c1"), jit.find((j) => j.jit === "tiered")];
    if (c1 && tiered) {
      const faster = tiered.coreRidesPerSecond / c1.coreRidesPerSecond;
      out.push(
        `- **DynamoDB Local JIT:** tiered starts in ${f(tiered.startupMs, 0)} ms vs ${f(c1.startupMs, 0)} ms for C1-only, ` +
          `and sustains ${f(tiered.rawTransactionsPerSecond / c1.rawTransactionsPerSecond, 2)}× the raw transaction ` +
          `rate and ${f(faster, 2)}× core's ride rate. ` +
          (faster > 1.15 && tiered.rawTransactionsPerSecond > c1.rawTransactionsPerSecond
            ? "Tiered is better for the bench's sustained load; keep C1-only for tests, where start-up dominates."
            : "Tiered gains nothing here, even over 10–15 s of sustained load, and starts later: C1-only (as local/src/dynamodb.ts " +
              "has it) is the better choice for both the bench and the tests."),
      );
    }
  }
  if (r.startup && !r.startup.npmTest) {
    out.push(
      "- **npm test duration** is read from test-results/summary.json (scripts/test.mjs writes it); none was present.",
    );
  }
  return out.join("\n");
}

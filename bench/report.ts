/** Turns bench/results.json into BENCHMARKS.md and the console summary: every figure with its budget and verdict. */
import type { LatencyRow, ThroughputResult } from "./api";
import type { ColdResult } from "./cold";
import type { CostModel } from "./cost";
import type { DispatchCostResult } from "./dispatch-cost";
import type { EventsResult } from "./events";
import type { HandlerCost } from "./journey";
import type { JitRow, StartupResult } from "./platform";
import type { SweepCostResult } from "./sweep-cost";
import { jsBudgetKb, type WebRow } from "./web";

export interface Results {
  generatedAt: string;
  quick: boolean;
  machine: Record<string, string>;
  loadBefore: number[];
  loadAfter: number[];
  durationsS: Record<string, number>;
  errors: Record<string, string>;
  /** Set when BENCH_ONLY re-measured some phases on top of an earlier full run. */
  rerun?: string;
  dispatchCost?: DispatchCostResult;
  sweepCost?: SweepCostResult;
  events?: EventsResult;
  cold?: ColdResult;
  journey?: HandlerCost[];
  api?: { latency: LatencyRow[]; throughput: ThroughputResult; fleet: number };
  jit?: JitRow[];
  startup?: StartupResult;
  web?: { rows: WebRow[]; builtAt: string | null; note?: string };
  cost?: CostModel;
}

export interface Verdict {
  figure: string;
  value: string;
  budget: string;
  pass: boolean | null;
}

export const f = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(digits);
const mark = (pass: boolean | null) => (pass === null ? "—" : pass ? "PASS" : "FAIL");
export const bundleBudgetKb = 250;
/** The web workspace's own budgets (web/scripts/lighthouse.mjs). */
const lighthouseBudget = { performance: 95, accessibility: 100, bestPractices: 100 };
const stackReadyBudgetMs = 10_000;
const npmTestBudgetS = 600;

export function verdicts(r: Results): Verdict[] {
  const v: Verdict[] = [];
  for (const row of r.cold?.rows ?? []) {
    if (row.variant) continue;
    v.push({
      figure: `Bundle ${row.route}`,
      value: `${f(row.sizeKb)} KB`,
      budget: `<= ${bundleBudgetKb} KB`,
      pass: row.sizeKb <= bundleBudgetKb,
    });
    if (row.cold) {
      const ok = row.cold.ratio <= (r.cold?.budget ?? 2) && row.cold.statuses.every((s) => s < 300);
      v.push({
        figure: `Cold start ${row.route} / empty`,
        value: `${f(row.cold.ratio, 2)}×`,
        budget: "<= 2.0×",
        pass: ok,
      });
    }
  }
  for (const row of r.api?.latency ?? []) {
    const label = `${row.route} c=${row.concurrency}`;
    v.push({
      figure: `p50 ${label} gateway/direct`,
      value: `${f(row.p50Ratio, 2)}×`,
      budget: "<= 1.25×",
      pass: row.p50Ratio <= 1.25,
    });
    v.push({
      figure: `p99 ${label} gateway/direct`,
      value: `${f(row.p99Ratio, 2)}×`,
      budget: "<= 1.5×",
      pass: row.p99Ratio <= 1.5,
    });
    const errors = row.gateway.errors + row.direct.errors;
    v.push({ figure: `Errors ${label}`, value: String(errors), budget: "0", pass: errors === 0 });
  }
  const t = r.api?.throughput;
  if (t) {
    v.push({
      figure: "Rides/s vs raw TransactWriteItems/s ÷ 2",
      value: `${f(t.ratio, 2)}×`,
      budget: ">= 0.8×",
      pass: t.ratio >= 0.8,
    });
    v.push({
      figure: "Double bookings (c=32)",
      value: String(t.doubleBookings),
      budget: "0",
      pass: t.doubleBookings === 0,
    });
    v.push({ figure: "5xx (c=32)", value: String(t.serverErrors), budget: "0", pass: t.serverErrors === 0 });
  }
  const d = r.dispatchCost;
  if (d)
    v.push({
      figure: "Dispatch RCU 10,000 / 10 unicorns",
      value: `${f(d.ratio, 2)}×`,
      budget: "<= 1.5×",
      pass: d.pass,
    });
  const sweep = r.sweepCost;
  const sweepRatios = sweep ? { RCU: sweep.readRatio, WCU: sweep.writeRatio } : {};
  for (const [units, ratio] of Object.entries(sweepRatios)) {
    const budget = sweep?.budget ?? Number.NaN;
    v.push({
      figure: `Sweep ${units} per finished ride, 1,000 / 10 due`,
      value: `${f(ratio, 2)}×`,
      budget: `<= ${budget}×`,
      pass: ratio <= budget,
    });
  }
  const lag = r.events?.lag;
  for (const [change, l] of Object.entries(
    lag ? { "COMPLETED → GET /me": lag.completedToMe, "rating → GET /unicorns": lag.ratingToUnicorns } : {},
  )) {
    v.push({
      figure: `Event lag ${change}`,
      value: `p50 ${f(l.p50, 0)} / p99 ${f(l.p99, 0)} ms`,
      budget: `p99 <= ${lag?.budgetMs} ms`,
      pass: l.p99 <= (lag?.budgetMs ?? Number.NaN),
    });
  }
  const poller = r.events?.throughput;
  if (poller)
    v.push({
      figure: "Stream poller records/s vs bare GetRecords loop",
      value: `${f(poller.ratio, 2)}×`,
      budget: `>= ${poller.budget}×`,
      pass: poller.pass,
    });
  for (const row of r.web?.rows ?? []) {
    const kb = row.initialJsKbGzip;
    v.push({
      figure: `Initial JS ${row.page}`,
      value: `${f(kb ?? undefined)} kB gzip`,
      budget: `<= ${jsBudgetKb} kB`,
      pass: kb === null ? null : kb <= jsBudgetKb,
    });
    if (row.lighthouse) {
      const lh = row.lighthouse;
      v.push({
        figure: `Lighthouse performance ${row.page}`,
        value: String(lh.performance),
        budget: `>= ${lighthouseBudget.performance}`,
        pass: lh.performance >= lighthouseBudget.performance,
      });
      v.push({
        figure: `Lighthouse accessibility ${row.page}`,
        value: String(lh.accessibility),
        budget: `>= ${lighthouseBudget.accessibility}`,
        pass: lh.accessibility >= lighthouseBudget.accessibility,
      });
      v.push({
        figure: `Lighthouse best practices ${row.page}`,
        value: String(lh.bestPractices),
        budget: `>= ${lighthouseBudget.bestPractices}`,
        pass: lh.bestPractices >= lighthouseBudget.bestPractices,
      });
    }
  }
  const s = r.startup;
  if (s) {
    v.push({
      figure: "Local stack ready (no web build)",
      value: `${f(s.medianStackReadyMs / 1000, 2)} s`,
      budget: `<= ${stackReadyBudgetMs / 1000} s`,
      pass: s.medianStackReadyMs <= stackReadyBudgetMs,
    });
    v.push(
      s.npmTest
        ? {
            figure: "npm test duration (last recorded)",
            value: `${f(s.npmTest.seconds, 0)} s`,
            budget: `<= ${npmTestBudgetS} s`,
            pass: s.npmTest.seconds <= npmTestBudgetS,
          }
        : { figure: "npm test duration", value: "not recorded", budget: `<= ${npmTestBudgetS} s`, pass: null },
    );
  }
  const c = r.cost;
  if (c) {
    const ratio = c.totalHttpApi / c.totalWorkshop;
    v.push({
      figure: "$ per million rides, HTTP API / workshop REST",
      value: `$${f(c.totalHttpApi, 2)} / $${f(c.totalWorkshop, 2)} = ${f(ratio, 2)}×`,
      budget: "<= 1.0×",
      pass: ratio <= 1,
    });
  }
  return v;
}

export function summaryTable(v: Verdict[]): string {
  return [
    "| figure | value | budget | verdict |",
    "|---|---:|---:|:---:|",
    ...v.map((x) => `| ${x.figure} | ${x.value} | ${x.budget} | ${mark(x.pass)} |`),
  ].join("\n");
}

export function consoleTable(v: Verdict[]): string {
  const w = [
    Math.max(...v.map((x) => x.figure.length)),
    Math.max(...v.map((x) => x.value.length)),
    Math.max(...v.map((x) => x.budget.length)),
  ];
  return v
    .map(
      (x) =>
        `${x.figure.padEnd(w[0] ?? 0)}  ${x.value.padStart(w[1] ?? 0)}  ${x.budget.padStart(w[2] ?? 0)}  ${mark(x.pass)}`,
    )
    .join("\n");
}

/**
 * Dollars per million rides, the whole product, from the warm phase's measured invocations (durations modelled at
 * the chosen memory, capacity units, log bytes) and the web phase's page bytes; against the workshop's design on the
 * same rides. Prices are list prices to be checked, with their date and region in the table.
 */
import { routes, schedules } from "@wildrydes/functions/routes";
import { subscriptions } from "@wildrydes/functions/subscriptions";
import type { Table } from "./figure";
import { type Figure, judge } from "./figure";
import { modelledMs } from "./memory";
import type { HandlerRun } from "./warm";
import type { PageWeight } from "./web";

export const prices = {
  "HTTP API, per million requests": 1.0,
  "REST API, per million requests": 3.5,
  "Lambda, per million requests": 0.2,
  "Lambda arm64, per GB-second": 0.0000133334,
  "Lambda x86, per GB-second": 0.0000166667,
  "DynamoDB on-demand, per million write units": 0.625,
  "DynamoDB on-demand, per million read units": 0.125,
  "CloudWatch standard alarm, per month": 0.1,
  "CloudWatch dashboard, per month": 3.0,
  "CloudWatch Logs ingestion, per GB": 0.5,
  "CloudFront, per GB out (North America)": 0.085,
  "CloudFront, per 10,000 HTTPS requests": 0.01,
  "WAF, per web ACL per month": 5.0,
  "WAF, per rule per month": 1.0,
  "WAF, per million requests": 0.6,
  "S3, per 1,000 GET requests": 0.0004,
  "S3, per GB out to the internet": 0.09,
};
const pricedAt =
  "us-east-1 list prices as known in mid 2025: check https://aws.amazon.com/pricing before relying on them";
const p = (name: keyof typeof prices) => prices[name];

/** The volume fixed monthly costs are spread over. */
const ridesPerMonth = 1_000_000;
const sweepsPerMonth = 30 * 24 * 60;
/** START, END and REPORT lines Lambda writes for every invocation. */
const platformLogBytes = 300;
/** infra/monitoring-alarms.ts: API 5xx and p99; errors and throttles per function, iterator age per subscriber; table and DLQ. */
const alarms = 2 + 2 * (routes.length + schedules.length) + 3 * subscriptions.length + 3;
/** infra/edge.ts: rate limit, common rule set, known bad inputs, IP reputation. */
const wafRules = 4;
/** The workshop's RequestUnicorn function: the console's default memory, x86. */
const workshopMb = 128;
/** The workshop logs every event it receives (about a v2 event's size) on top of the platform lines. */
const workshopLogBytes = 1_500 + platformLogBytes;

export function costPerMillionRides(runs: HandlerRun[], memoryMb: number, pages: PageWeight[]) {
  const lines: { item: string; basis: string; ours: number; workshop: number }[] = [];
  const add = (item: string, basis: string, ours: number, workshop = 0) => lines.push({ item, basis, ours, workshop });
  const M = 1_000_000;
  const fixed = (monthly: number) => (monthly / ridesPerMonth) * M;
  const per = (kind: HandlerRun["kind"]) => runs.filter((r) => r.kind === kind && r.perRide > 0);
  const invocations = (rs: HandlerRun[]) => rs.reduce((s, r) => s + r.perRide, 0);
  const gbSeconds = (rs: HandlerRun[], mb: number, billed = true) =>
    (rs.reduce((s, r) => s + r.perRide * (billed ? Math.ceil(modelledMs(r, mb)) : modelledMs(r, mb)), 0) / 1000) *
    (mb / 1024);
  const units = (rs: HandlerRun[], key: "readUnits" | "writeUnits") => rs.reduce((s, r) => s + r.perRide * r[key], 0);
  const [api, subs] = [per("route"), per("subscriber")];
  const sweepPerRide = per("sweep");
  const idle = runs.find((r) => r.kind === "sweep" && r.perRide === 0);
  const workshop = runs.find((r) => r.kind === "workshop");
  const idleFixed = (x: number) => fixed(sweepsPerMonth * x);

  const requests = invocations(api);
  const pageRide = pages.find((w) => w.page === "/ride/");
  const pageRequests = pageRide?.repeatVisit.requests ?? 1;
  add(
    "API requests",
    `${requests.toFixed(1)}/ride: HTTP API vs the workshop's 1 REST call`,
    requests * p("HTTP API, per million requests"),
    p("REST API, per million requests"),
  );
  const lambdaCalls = requests + invocations(subs);
  add(
    "Lambda requests",
    `${lambdaCalls.toFixed(2)}/ride (routes + subscribers) + ${sweepsPerMonth} sweeps/month`,
    lambdaCalls * p("Lambda, per million requests") + (idleFixed(1) * p("Lambda, per million requests")) / M,
    p("Lambda, per million requests"),
  );
  const workshopGbS = workshop ? gbSeconds([{ ...workshop, perRide: 1 }], workshopMb) : 0;
  add(
    "Lambda duration, routes",
    `${memoryMb} MB arm64, modelled warm ms, billed per ms; workshop ${workshopMb} MB x86`,
    gbSeconds(api, memoryMb) * M * p("Lambda arm64, per GB-second"),
    workshopGbS * M * p("Lambda x86, per GB-second"),
  );
  add(
    "Lambda duration, subscribers",
    `${invocations(subs).toFixed(2)} invocations/ride, one record each`,
    gbSeconds(subs, memoryMb) * M * p("Lambda arm64, per GB-second"),
  );
  const idleGbS = idle ? gbSeconds([{ ...idle, perRide: 1 }], memoryMb) : 0;
  add(
    "Lambda duration, sweep",
    `every minute (${idle?.wallMs.toFixed(0)} ms idle) + per ride it ends`,
    (idleFixed(idleGbS) + gbSeconds(sweepPerRide, memoryMb, false) * M) * p("Lambda arm64, per GB-second"),
  );
  const all = [...api, ...subs, ...sweepPerRide];
  const writes = units(all, "writeUnits");
  const reads = units(all, "readUnits") + (idle ? idleFixed(idle.readUnits) / M : 0);
  add(
    "DynamoDB writes",
    `${writes.toFixed(1)} WRU/ride (metered); workshop 1 PutItem`,
    writes * p("DynamoDB on-demand, per million write units"),
    p("DynamoDB on-demand, per million write units"),
  );
  add(
    "DynamoDB reads",
    `${reads.toFixed(1)} RRU/ride (metered, 0.5 minimum per read)`,
    reads * p("DynamoDB on-demand, per million read units"),
  );
  const logBytes = all.reduce((s, r) => s + r.perRide * (r.logBytes + platformLogBytes), 0);
  add(
    "CloudWatch Logs",
    `${(logBytes / 1024).toFixed(1)} KB/ride measured + Lambda's lines; workshop logs each event`,
    (logBytes / 2 ** 30) * M * p("CloudWatch Logs ingestion, per GB"),
    (workshopLogBytes / 2 ** 30) * M * p("CloudWatch Logs ingestion, per GB"),
  );
  add(
    "CloudWatch alarms + dashboard",
    `${alarms} alarms, 1 dashboard, over ${ridesPerMonth.toLocaleString("en")} rides/month`,
    fixed(alarms * p("CloudWatch standard alarm, per month") + p("CloudWatch dashboard, per month")),
  );
  add("SQS dead-letter queue", "only failed records: ≈ 0", 0);
  const viewKb = pageRide?.repeatVisit.kb ?? 0;
  const edgeRequests = requests + pageRequests;
  add(
    "CloudFront",
    `/ride/ repeat visit ${viewKb.toFixed(1)} KB + ${edgeRequests.toFixed(1)} requests (API via /api/*)`,
    (viewKb / 2 ** 20) * M * p("CloudFront, per GB out (North America)") +
      (edgeRequests / 10_000) * M * p("CloudFront, per 10,000 HTTPS requests"),
  );
  add(
    "WAF",
    `${wafRules} rules + requests`,
    fixed(p("WAF, per web ACL per month") + wafRules * p("WAF, per rule per month")) +
      edgeRequests * p("WAF, per million requests"),
  );
  const firstKb = pageRide?.firstVisit.kb ?? 0;
  const firstRequests = pageRide?.firstVisit.requests ?? 1;
  add(
    "S3 website (workshop)",
    `ride page: ${firstRequests} GETs (no Cache-Control: revalidated), ${firstKb.toFixed(0)} KB first visit`,
    0,
    (firstRequests / 1000) * M * p("S3, per 1,000 GET requests") +
      (viewKb / 2 ** 20) * M * p("S3, per GB out to the internet"),
  );
  const total = (key: "ours" | "workshop") => lines.reduce((s, l) => s + l[key], 0);
  const firstVisitExtra = ((firstKb - viewKb) / 2 ** 20) * M * p("CloudFront, per GB out (North America)");

  const figures: Figure[] = [
    judge({
      id: "cost.per-million-rides",
      group: "Cost",
      label: "Dollars per million rides, whole product",
      value: total("ours"),
      unit: "$",
      baseline: { label: "the workshop's design", value: total("workshop") },
    }),
  ];
  const $ = (n: number) => n.toFixed(2);
  const tables: Table[] = [
    {
      title: "Cost per million rides (USD)",
      header: ["item", "basis", "this app", "workshop"],
      rows: [
        ...lines.map((l) => [l.item, l.basis, $(l.ours), $(l.workshop)]),
        ["**total**", "", $(total("ours")), $(total("workshop"))],
      ],
      notes: [
        `A ride: ${api.map((r) => `${r.perRide}× ${r.name}`).join(", ")}; one visit to /ride/ with its assets cached.`,
        `A rider's first visit adds ${$(firstVisitExtra)} per million such rides (${firstKb.toFixed(0)} KB instead of ${viewKb.toFixed(0)} KB).`,
        "The workshop: one POST /ride through a REST API to a Lambda that writes one item; its site from S3. Same page bytes.",
        "Durations come from DynamoDB Local on a shared host; real DynamoDB latency differs. Not counted: Cognito (the same for both), custom metrics, free tiers.",
      ],
    },
    {
      title: "Prices",
      header: ["price", "USD"],
      rows: Object.entries(prices).map(([k, v]) => [k, String(v)]),
      notes: [pricedAt],
    },
  ];
  return { figures, tables };
}

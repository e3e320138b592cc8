// Dollars per million rides, the whole product, from the warm phase's measured invocations (durations modelled at
// the chosen memory, capacity units, log bytes) and the web phase's page bytes; against the workshop's design on the
// same rides. Prices are list prices to be checked, with their date and region in the table.
import { routes, schedules } from "@wildrydes/functions/catalogue/routes";
import { subscriptions } from "@wildrydes/functions/catalogue/subscriptions";
import { judge, type Table } from "./figure";
import { modelledMs } from "./memory";
import type { HandlerRun } from "./warm";
import type { PageWeight } from "./web-pages";

/** USD, each with its line in the prices table. */
const prices = {
  httpApi: ["HTTP API, per million requests", 1.0],
  restApi: ["REST API, per million requests", 3.5],
  lambda: ["Lambda, per million requests", 0.2],
  arm64: ["Lambda arm64, per GB-second", 0.0000133334],
  x86: ["Lambda x86, per GB-second", 0.0000166667],
  writes: ["DynamoDB on-demand, per million write units", 0.625],
  reads: ["DynamoDB on-demand, per million read units", 0.125],
  alarm: ["CloudWatch standard alarm, per month", 0.1],
  dashboard: ["CloudWatch dashboard, per month", 3.0],
  logs: ["CloudWatch Logs ingestion, per GB", 0.5],
  cdnGb: ["CloudFront, per GB out (North America)", 0.085],
  cdnRequests: ["CloudFront, per 10,000 HTTPS requests", 0.01],
  wafAcl: ["WAF, per web ACL per month", 5.0],
  wafRule: ["WAF, per rule per month", 1.0],
  wafRequests: ["WAF, per million requests", 0.6],
  s3Gets: ["S3, per 1,000 GET requests", 0.0004],
  s3Gb: ["S3, per GB out to the internet", 0.09],
  eventOps: ["AppSync Events, per million operations (a publish, each delivery)", 1.0],
  eventMinutes: ["AppSync Events, per million connection minutes", 0.08],
  durableOps: ["Lambda durable functions, per million durable operations", 8.0],
  firehose: ["Firehose Direct PUT, per GB ingested (each record billed in 5 KB steps)", 0.029],
  firehoseParquet: ["Firehose format conversion to Parquet, per GB ingested", 0.018],
  s3Storage: ["S3 Standard storage, per GB-month", 0.023],
  s3Puts: ["S3, per 1,000 PUT requests", 0.005],
  athena: ["Athena, per TB scanned (10 MB minimum per query)", 5.0],
} as const;
const pricedAt =
  "us-east-1 list prices as known in mid 2025: check https://aws.amazon.com/pricing before relying on them";
const usd = (name: keyof typeof prices) => prices[name][1];

/** The volume fixed monthly costs are spread over. */
const ridesPerMonth = 1_000_000;
const sweepsPerMonth = 30 * 24 * 60;
/** START, END and REPORT lines Lambda writes for every invocation. */
const platformLogBytes = 300;
/** infra/monitoring/alarms.ts: API 5xx and p99; errors and throttles per function, iterator age per subscriber; table and DLQ. */
const alarms = 2 + 2 * (routes.length + schedules.length) + 3 * subscriptions.length + 3;
/** infra/edge.ts: rate limit, common rule set, known bad inputs, IP reputation. */
const wafRules = 4;
/** The workshop's RequestUnicorn function: the console's default memory, x86. */
const workshopMb = 128;
/** The workshop logs every event it receives (about a v2 event's size) on top of the platform lines. */
const workshopLogBytes = 1_500 + platformLogBytes;
const [M, GB] = [1_000_000, 2 ** 30];
/** How long the ride page is open per ride (waiting, riding, the receipt): the live connection's minutes. */
const livePageMinutes = 12;
/**
 * The offer chain (issue 22): the share of rides offered to a crewed unicorn (the rest go to bots, with no chain) is an
 * assumption; its durable operations per chain are measured by the live phase. Each wait resumes the function once.
 */
const crewedShare = 0.5;
const defaultOperationsPerChain = 6;
const invocationsPerChain = 2;
/** A resumed chain replays its finished steps from the checkpoint and runs one or two more: about a route's work. */
const chainInvocationMs = 60;

/** The lake (issue 23): bytes and Firehose records per ride from the lake phase; the assumptions in the table's notes. */
export type LakeData = { bytesPerRide: number; changesPerRide: number };
const [defaultLake, lakeMonths, dashboardHours] = [{ bytesPerRide: 350, changesPerRide: 3.9 }, 12, 8];

/** What the page did before push: a read every 10 s while the ride page is open, and one at each of 3 clock changes. */
const pollsPerRide = (livePageMinutes * 60) / 10 + 3;

export function costPerMillionRides(
  runs: HandlerRun[],
  memoryMb: number,
  pages: PageWeight[],
  operationsPerChain = defaultOperationsPerChain,
  lake = defaultLake,
) {
  const fixed = (monthly: number) => (monthly / ridesPerMonth) * M;
  const per = (kind: HandlerRun["kind"]) => runs.filter((r) => r.kind === kind && r.perRide > 0);
  /** Per ride: each handler's `f` times its invocations per ride. */
  const perRide = (rs: HandlerRun[], f: (r: HandlerRun) => number = () => 1) =>
    rs.reduce((s, r) => s + r.perRide * f(r), 0);
  const { bytesPerRide, changesPerRide } = lake;
  const [queries, scanned] = [30 * dashboardHours * 60 * 4, Math.max(10 * 2 ** 20, (bytesPerRide * M * 2.5) / 30)];
  const gbSeconds = (rs: HandlerRun[], mb: number, billed = true) =>
    (perRide(rs, (r) => (billed ? Math.ceil(modelledMs(r, mb)) : modelledMs(r, mb))) / 1000) * (mb / 1024);
  const [api, subs, sweepPerRide] = [per("route"), per("subscriber"), per("sweep")];
  const all = [...api, ...subs, ...sweepPerRide];
  const idle = runs.find((r) => r.kind === "sweep" && r.perRide === 0);
  const workshop = runs.find((r) => r.kind === "workshop");
  const everyMinute = (x: number) => fixed(sweepsPerMonth * x);
  const once = (r: HandlerRun | undefined, mb: number) => (r ? gbSeconds([{ ...r, perRide: 1 }], mb) : 0);

  const requests = perRide(api);
  const lambdaCalls = requests + perRide(subs);
  const writes = perRide(all, (r) => r.writeUnits);
  const reads = perRide(all, (r) => r.readUnits) + (idle ? everyMinute(idle.readUnits) / M : 0);
  const logBytes = perRide(all, (r) => r.logBytes + platformLogBytes);
  const ride = pages.find((w) => w.page === "/ride/");
  const [viewKb, firstKb] = [ride?.repeatVisit.kb ?? 0, ride?.firstVisit.kb ?? 0];
  const firstRequests = ride?.firstVisit.requests ?? 1;
  const edgeRequests = requests + (ride?.repeatVisit.requests ?? 1);
  // Each line: item, basis, and the dollars per million rides of this app and of the workshop's design.
  const line = (item: string, basis: string, [ours, workshop = 0]: [number, number?]) => ({
    item,
    basis,
    ours,
    workshop,
  });
  // Push: each LivePush/FleetPush invocation publishes once, delivered to the one rider tab listening (fleet: none yet).
  const pushes = perRide(subs.filter((r) => /Push$/.test(r.name)));
  const riderPushes = perRide(subs.filter((r) => r.name.endsWith("LivePush")));
  const pushOps = pushes + riderPushes;
  const pushDollars = pushOps * usd("eventOps") + livePageMinutes * usd("eventMinutes");
  const chainDollars =
    crewedShare *
    (operationsPerChain * usd("durableOps") +
      invocationsPerChain * (usd("lambda") + (chainInvocationMs / 1000) * (memoryMb / 1024) * M * usd("arm64")));
  const lines = [
    line("API requests", `${requests.toFixed(1)}/ride: HTTP API vs the workshop's 1 REST call`, [
      requests * usd("httpApi"),
      usd("restApi"),
    ]),
    line("Lambda requests", `${lambdaCalls.toFixed(2)}/ride (routes + subscribers) + ${sweepsPerMonth} sweeps/month`, [
      lambdaCalls * usd("lambda") + (everyMinute(1) * usd("lambda")) / M,
      usd("lambda"),
    ]),
    line(
      "Lambda duration, routes",
      `${memoryMb} MB arm64, modelled warm ms, billed per ms; workshop ${workshopMb} MB x86`,
      [gbSeconds(api, memoryMb) * M * usd("arm64"), once(workshop, workshopMb) * M * usd("x86")],
    ),
    line("Lambda duration, subscribers", `${perRide(subs).toFixed(2)} invocations/ride, one record each`, [
      gbSeconds(subs, memoryMb) * M * usd("arm64"),
    ]),
    line("Lambda duration, sweep", `every minute (${idle?.wallMs.toFixed(0)} ms idle) + per ride it ends`, [
      (everyMinute(once(idle, memoryMb)) + gbSeconds(sweepPerRide, memoryMb, false) * M) * usd("arm64"),
    ]),
    line("DynamoDB writes", `${writes.toFixed(1)} WRU/ride (metered); workshop 1 PutItem`, [
      writes * usd("writes"),
      usd("writes"),
    ]),
    line("DynamoDB reads", `${reads.toFixed(1)} RRU/ride (metered, 0.5 minimum per read)`, [reads * usd("reads")]),
    line(
      "CloudWatch Logs",
      `${(logBytes / 1024).toFixed(1)} KB/ride measured + Lambda's lines; workshop logs each event`,
      [(logBytes / GB) * M * usd("logs"), (workshopLogBytes / GB) * M * usd("logs")],
    ),
    line(
      "CloudWatch alarms + dashboard",
      `${alarms} alarms, 1 dashboard, over ${ridesPerMonth.toLocaleString("en")} rides/month`,
      [fixed(alarms * usd("alarm") + usd("dashboard"))],
    ),
    line("SQS dead-letter queue", "only failed records: ≈ 0", [0]),
    line("Live push (AppSync Events)", `${pushOps.toFixed(1)} operations/ride; ${livePageMinutes} connection minutes`, [
      pushDollars,
    ]),
    line(
      "Offer chain (Lambda durable functions)",
      `${crewedShare * 100} % of rides offered to crews (assumed): ${operationsPerChain.toFixed(1)} durable operations and ${invocationsPerChain} invocations per chain`,
      [chainDollars],
    ),
    line("Lake: Firehose", `${changesPerRide.toFixed(2)} records/ride, each billed as 5 KB; Parquet conversion`, [
      ((changesPerRide * 5 * 1024) / GB) * M * (usd("firehose") + usd("firehoseParquet")),
    ]),
    line("Lake: S3 storage", `${bytesPerRide.toFixed(0)} bytes/ride, kept a year: ${lakeMonths} GB-months a GB`, [
      ((bytesPerRide * M) / GB) * lakeMonths * usd("s3Storage"),
    ]),
    line("Lake: S3 PUTs", "an object per 60 s buffer: 43,200 a month", [fixed(43.2 * usd("s3Puts"))]),
    line("Lake: Athena", `${queries.toLocaleString("en")} queries/month, ${(scanned / 2 ** 20).toFixed(0)} MB each`, [
      fixed(((queries * scanned) / 2 ** 40) * usd("athena")),
    ]),
    line(
      "CloudFront",
      `/ride/ repeat visit ${viewKb.toFixed(1)} KB + ${edgeRequests.toFixed(1)} requests (API via /api/*)`,
      [(viewKb / 2 ** 20) * M * usd("cdnGb") + (edgeRequests / 10_000) * M * usd("cdnRequests")],
    ),
    line("WAF", `${wafRules} rules + requests`, [
      fixed(usd("wafAcl") + wafRules * usd("wafRule")) + edgeRequests * usd("wafRequests"),
    ]),
    line(
      "S3 website (workshop)",
      `ride page: ${firstRequests} GETs (no Cache-Control: revalidated), ${firstKb.toFixed(0)} KB first visit`,
      [0, (firstRequests / 1000) * M * usd("s3Gets") + (viewKb / 2 ** 20) * M * usd("s3Gb")],
    ),
  ];
  const [ours = 0, theirs = 0] = (["ours", "workshop"] as const).map((k) => lines.reduce((s, l) => s + l[k], 0));
  const polling = pollingPerRide(runs, memoryMb);
  const firstVisitExtra = ((firstKb - viewKb) / 2 ** 20) * M * usd("cdnGb");

  const label = "Dollars per million rides, whole product";
  const baseline = { label: "the workshop's design", value: theirs };
  const figures = [judge({ id: "cost.per-million-rides", group: "Cost", label, value: ours, unit: "$", baseline })];
  const $ = (n = 0) => n.toFixed(2);
  const tables: Table[] = [
    {
      title: "Cost per million rides (USD)",
      header: ["item", "basis", "this app", "workshop"],
      rows: [...lines.map((l) => [l.item, l.basis, $(l.ours), $(l.workshop)]), ["**total**", "", $(ours), $(theirs)]],
      notes: [
        `A ride: ${api.map((r) => `${r.perRide}× ${r.name}`).join(", ")}; one visit to /ride/ with its assets cached.`,
        `A rider's first visit adds ${$(firstVisitExtra)} per million such rides (${firstKb.toFixed(0)} KB instead of ${viewKb.toFixed(0)} KB).`,
        "The workshop: one POST /ride through a REST API to a Lambda that writes one item; its site from S3. Same page bytes.",
        `The lake: each month's rides stay ${lakeMonths} months, so once it is a year old the monthly S3 bill is ${lakeMonths} months' rides, charged here to the month they were taken (at Standard prices: after 30 days its lifecycle moves them to Standard-IA). Firehose writes each 60 s buffer as one object. Athena: an operator dashboard open ${dashboardHours} h a day refreshes every 30 s; GET /ops/metrics keeps an answer 60 s, so its 4 queries run once a minute, each scanning the last 24 h's partitions and a day either side (about 2.5 days of rides, every column: an upper bound), at least 10 MB.`,
        "Durations come from DynamoDB Local on a shared host; real DynamoDB latency differs. Not counted: Cognito (the same for both), custom metrics, free tiers.",
      ],
    },
    {
      title: "Live push against the polling it replaces (per million rides)",
      header: ["", "requests per ride", "USD"],
      rows: [
        ["push: publishes + deliveries (AppSync Events)", pushOps.toFixed(1), $(pushOps * usd("eventOps"))],
        ["push: connection minutes", `${livePageMinutes} min`, $(livePageMinutes * usd("eventMinutes"))],
        ["push: publisher Lambdas (in the subscriber lines)", pushes.toFixed(1), $(polling.lambdaPerCall * pushes)],
        ["polling: GET /rides/{rideId} every 10 s + 3 clock changes", pollsPerRide.toFixed(0), $(polling.dollars)],
      ],
      notes: [
        `Polling per read: API Gateway, Lambda (its measured warm duration), a 0.5 RRU read, WAF and CloudFront: ${$(polling.dollars / pollsPerRide)} per million reads.`,
        `The ride page is assumed open ${livePageMinutes} minutes per ride; push costs ${$(pushDollars + polling.lambdaPerCall * pushes)} against polling's ${$(polling.dollars)}.`,
      ],
    },
    {
      title: "Prices",
      header: ["price", "USD"],
      rows: Object.values(prices).map(([k, v]) => [k, String(v)]),
      notes: [pricedAt],
    },
  ];
  return { figures, tables };
}

/** What the ride page's polling cost per million rides: every read a GET /rides/{rideId} through the whole edge. */
function pollingPerRide(runs: HandlerRun[], memoryMb: number) {
  const get = runs.find((r) => r.name.includes("GET /rides/{rideId}"));
  const lambdaPerCall =
    usd("lambda") + (get ? (Math.ceil(modelledMs(get, memoryMb)) / 1000) * (memoryMb / 1024) * M * usd("arm64") : 0);
  const perRead =
    usd("httpApi") + lambdaPerCall + 0.5 * usd("reads") + usd("wafRequests") + (M / 10_000) * usd("cdnRequests");
  return { dollars: pollsPerRide * perRead, lambdaPerCall };
}

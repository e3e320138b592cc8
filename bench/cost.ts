// Dollars per ride at 10 thousand, 1 million and 100 million rides a month: per-request prices from the warm phase's
// metered invocations (durations modelled at the chosen memory, capacity units, log bytes), the web phase's page bytes,
// the live phase's offer chains and the lake phase's bytes; fixed monthly prices spread over each volume. The
// workshop's design on the same rides alongside. List prices to be checked, with their date and region in the table.
import { handlerDefaults, routes, schedules } from "@wildrydes/functions/catalogue/routes";
import { subscriptions } from "@wildrydes/functions/catalogue/subscriptions";
import { atMost, budgeted, type Table } from "./figure";
import pricesJson from "./prices.json" with { type: "json" };
import type { HandlerRun } from "./warm";
import type { PageWeight } from "./web-pages";

/** USD list prices, each with its line in the prices table (data: bench/prices.json). */
const prices = pricesJson as unknown as Record<keyof typeof pricesJson, [string, number]>;
const usd = (name: keyof typeof prices) => prices[name][1];
const [M, GB, minutesPerMonth] = [1_000_000, 2 ** 30, 30 * 24 * 60];

/** Rides a month, and the most a ride may cost at each: see docs/decisions/0024-bench-v3.md. */
const volumes = [
  [10_000, 0.005],
  [1_000_000, 0.00012],
  [100_000_000, 0.0001],
] as const;
/** infra/monitoring/alarms.ts: API 5xx and p99; errors and throttles per function, iterator age per subscriber; table and DLQ. */
const alarms = 2 + 2 * (routes.length + schedules.length) + 3 * subscriptions.length + 3;
/** infra/edge.ts: rate limit, common rule set, known bad inputs, IP reputation. */
const wafRules = 4;
/** START, END and REPORT lines Lambda writes for every invocation; the workshop also logs each event (~1.5 KB). */
const [platformLogBytes, workshopLogBytes] = [300, 1_800];
/** The workshop's RequestUnicorn function: the console's default memory, x86. */
const workshopMb = 128;
/** How long the ride page is open per ride (waiting, riding, the receipt): the live connection's minutes. */
const livePageMinutes = 12;
/** Share of rides offered to a crewed unicorn (assumed; bots need no chain); each wait resumes the chain once. */
const [crewedShare, invocationsPerChain, chainInvocationMs] = [0.5, 2, 60];
/** The lake: kept 12 months; an operator's dashboard open 8 h a day runs its 4 queries once a minute over ~2.5 days. */
const [lakeMonths, athenaQueries, daysScanned] = [12, 30 * 8 * 60 * 4, 2.5];
export type LakeData = { bytesPerRide: number; changesPerRide: number };
/** A cost line: item, basis, dollars per million rides at any volume, dollars a month at any volume, the workshop's. */
type Line = [string, string, number, (number | ((rides: number) => number))?, number?];

/** Lambda gives CPU in proportion to memory (1,769 MB is one vCPU), so below that a warm run's CPU time stretches (0013). */
const modelledMs = (r: HandlerRun, mb: number) => r.wallMs - r.cpuMs + r.cpuMs * Math.max(1, 1769 / mb);

export function costPerRide(runs: HandlerRun[], pages: PageWeight[], chainOps = 6, lake?: LakeData) {
  const memoryMb = Number.parseInt(handlerDefaults.memory, 10); // what a deploy sets every function to
  const of = (kind: HandlerRun["kind"]) => runs.filter((r) => r.kind === kind && r.perRide > 0);
  const perRide = (rs: HandlerRun[], f = (_: HandlerRun) => 1) => rs.reduce((s, r) => s + r.perRide * f(r), 0);
  const gbs = (rs: HandlerRun[], mb = memoryMb) => perRide(rs, (r) => Math.ceil(modelledMs(r, mb)) / 1e3) * (mb / 1024);
  const [api, subs, sweeps] = [of("route"), of("subscriber"), of("sweep")];
  const all = [...api, ...subs, ...sweeps];
  const idle = { ...(runs.find((r) => r.kind === "sweep" && r.perRide === 0) as HandlerRun), perRide: minutesPerMonth };
  const workshop = { ...(runs.find((r) => r.kind === "workshop") as HandlerRun), perRide: 1 };
  const [requests, invocations, writes] = [perRide(api), perRide([...api, ...subs]), perRide(all, (r) => r.writeUnits)];
  const [reads, logBytes] = [perRide(all, (r) => r.readUnits), perRide(all, (r) => r.logBytes + platformLogBytes)];
  const [perCall, perWrite] = [usd("lambda"), usd("writes")];
  const localWrites = perRide(all, (r) => r.localWriteUnits ?? r.writeUnits);
  const ride = pages.find((w) => w.page === "/ride/");
  const [viewKb, firstKb, gets] = [ride?.repeatVisit.kb ?? 0, ride?.firstVisit.kb ?? 0, ride?.firstVisit.requests ?? 1];
  const edgeRequests = requests + (ride?.repeatVisit.requests ?? 1);
  // Each LivePush/FleetPush invocation publishes once, delivered to the one rider tab listening (fleet: none yet).
  const pushOps =
    perRide(subs.filter((r) => /Push$/.test(r.name))) + perRide(subs.filter((r) => /LivePush$/.test(r.name)));
  const [arm, f1, f2] = [M * usd("arm64"), (x: number) => x.toFixed(1), (x: number) => x.toFixed(2)];
  const chainRun = usd("lambda") + (chainInvocationMs / 1e3) * (memoryMb / 1024) * arm;
  const chain = chainOps * usd("durableOps") + invocationsPerChain * chainRun;
  const { bytesPerRide = 350, changesPerRide = 3.9 } = lake ?? {};
  const scanned = (rides: number) => Math.max(10 * 2 ** 20, (bytesPerRide * rides * daysScanned) / 30) / 2 ** 40;
  const sweepCalls = (minutesPerMonth / M) * usd("lambda");
  const sweepIdle = gbs([idle]) * usd("arm64");
  const idleReads = (idle.readUnits * minutesPerMonth * usd("reads")) / M;
  const workshopGbs = gbs([workshop], workshopMb) * M * usd("x86");
  const gbPerM = (kb: number) => (kb * M) / 2 ** 20;
  const wsLogs = (workshopLogBytes * M * usd("logs")) / GB;
  const s3Site = gets * 1e3 * usd("s3Gets") + gbPerM(viewKb) * usd("s3Gb");
  const logs = (logBytes * M * usd("logs")) / GB;
  const alarmsMonthly = alarms * usd("alarm") + usd("dashboard");
  const athena = (rides: number) => athenaQueries * scanned(rides) * usd("athena");
  const pushDollars = pushOps * usd("eventOps") + livePageMinutes * usd("eventMinutes");
  const firehose = ((changesPerRide * 5 * 1024 * M) / GB) * (usd("firehose") + usd("parquet"));
  const storage = ((bytesPerRide * M) / GB) * lakeMonths * usd("s3Storage");
  const cdn = gbPerM(viewKb) * usd("cdnGb") + edgeRequests * 100 * usd("cdnRequests");
  const wafMonthly = usd("wafAcl") + wafRules * usd("wafRule");
  const lines: Line[] = [
    ["API requests", `${f1(requests)}/ride; workshop 1 REST call`, requests * usd("httpApi"), 0, usd("restApi")],
    ["Lambda requests", `${f2(invocations)}/ride + a sweep a minute`, invocations * perCall, sweepCalls, perCall],
    ["Lambda duration, routes", `${memoryMb} MB arm64; workshop ${workshopMb} MB x86`, gbs(api) * arm, 0, workshopGbs],
    ["Lambda duration, subscribers", `${f2(perRide(subs))} invocations/ride, a record each`, gbs(subs) * arm],
    ["Lambda duration, sweep", "per ride it ends + idle each minute", gbs(sweeps) * arm, sweepIdle],
    ["DynamoDB writes", `${f1(writes)} WRU/ride (Local: ${f1(localWrites)})`, writes * perWrite, 0, perWrite],
    ["DynamoDB reads", `${f1(reads)} RRU/ride (metered, 0.5 a read at least)`, reads * usd("reads"), idleReads],
    ["CloudWatch Logs", `${f1(logBytes / 1024)} KB/ride with Lambda's lines`, logs, 0, wsLogs],
    ["CloudWatch alarms + dashboard", `${alarms} alarms, 1 dashboard`, 0, alarmsMonthly],
    ["Live push", `${f1(pushOps)} operations/ride; ${livePageMinutes} connection minutes`, pushDollars],
    ["Offer chain", `${crewedShare * 100} % of rides; ${f1(chainOps)} durable operations`, crewedShare * chain],
    ["Lake: Firehose", `${f2(changesPerRide)} records/ride, 5 KB each, to Parquet`, firehose],
    ["Lake: S3 storage", `${bytesPerRide.toFixed(0)} bytes/ride, kept ${lakeMonths} months`, storage],
    ["Lake: S3 PUTs", "an object per 60 s buffer", 0, (minutesPerMonth / 1000) * usd("s3Puts")],
    ["Lake: Athena", `${athenaQueries} queries/month over ${daysScanned} days of rides`, 0, athena],
    ["CloudFront", `/ride/ again: ${f1(viewKb)} KB, ${f1(edgeRequests)} requests with the API's`, cdn],
    ["WAF", `a web ACL, ${wafRules} rules, requests`, edgeRequests * usd("wafRequests"), wafMonthly],
    ["S3 website (workshop)", `${gets} GETs a visit (no Cache-Control), ${firstKb.toFixed(0)} KB`, 0, 0, s3Site],
  ];
  const atVolume = ([, , perM, monthly = 0]: Line, rides: number) =>
    perM + ((typeof monthly === "function" ? monthly(rides) : monthly) * M) / rides;
  const totals = volumes.map(([rides]) => lines.reduce((sum, l) => sum + atVolume(l, rides), 0));
  const workshopTotal = lines.reduce((sum, l) => sum + (l[4] ?? 0), 0);
  const n = (x: number) => x.toLocaleString("en");
  const figure = (id: string, label: string, value: number, unit: string, limit: number) =>
    budgeted([`cost.${id}`, "Cost", label], value, unit, atMost(limit));
  const figures = [
    ...volumes.map(([r, limit], i) =>
      figure(`per-ride.${r}`, `Per ride at ${n(r)} rides a month`, (totals[i] ?? 0) / M, "$", limit),
    ),
    figure("write-units-per-ride", "Write units per ride in the bench's ride mix", writes, "WRU", 18),
  ];
  const notes = [
    `A ride: ${api.map((r) => `${r.perRide}× ${r.name}`).join(", ")}; a visit to /ride/, its assets cached (a first visit: ${firstKb.toFixed(0)} KB).`,
    "The workshop: one POST /ride through a REST API to a Lambda that writes one item, its site from S3, nothing fixed.",
    "The offer chain's share of rides is assumed; its durable operations come from the live phase, bytes per ride from the lake's.",
    "Not counted: Cognito (the same for both), custom metrics, the dead-letter queue (failed records only), free tiers.",
  ];
  const rows = lines.map((l) => [l[0], l[1], ...volumes.map(([r]) => f2(atVolume(l, r))), f2(l[4] ?? 0)]);
  const tables: Table[] = [
    {
      title: "Cost per million rides (USD) at each volume a month",
      header: ["item", "basis", ...volumes.map(([r]) => n(r)), "workshop"],
      rows: [...rows, ["**total**", "", ...totals.map(f2), f2(workshopTotal)]],
      notes,
    },
    {
      title: "Prices (USD)",
      header: ["price", "USD"],
      rows: Object.values(prices).map(([k, v]) => [k, String(v)]),
      notes: [
        "us-east-1 list prices as known in mid 2025: check https://aws.amazon.com/pricing before relying on them.",
      ],
    },
  ];
  return { figures, tables };
}

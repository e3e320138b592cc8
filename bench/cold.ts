/**
 * Cold starts: each handler bundle, built as a deploy builds it, in a fresh node process that imports it and serves
 * one real request against DynamoDB Local; the median of N runs, interleaved with two baselines bundled the same way
 * (an empty handler, one that only reads one item). Also each bundle's size and resident memory after the request.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { nearby } from "@wildrydes/testing/api";
import { type Bundle, buildBundles } from "./bundles";
import { cityFleet, random, tripInCity, writeFleet } from "./dispatch-cost";
import { type BenchDb, benchTable, handlerEnvironment, median, quick } from "./dynamo";
import type { PhaseResult } from "./figure";
import { type Figure, judge } from "./figure";

const run = promisify(execFile);
// Odd, for a true median; quick runs still need enough to outvote a loaded host's outliers.
const runs = quick ? 9 : 15;
const budget = { getitem: 1.1, empty: 5.0 };

/** An API Gateway HTTP API v2 event as the JWT authorizer hands it over, for rider `riderId`. */
export function v2Event(
  method: string,
  routePath: string,
  params: Record<string, string>,
  body?: unknown,
  riderId = "bench-cold-rider",
  headers: Record<string, string> = {},
) {
  const rawPath = routePath.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
  const now = new Date();
  return {
    version: "2.0",
    routeKey: `${method} ${routePath}`,
    rawPath,
    rawQueryString: "",
    headers: { "content-type": "application/json", host: "bench.local", ...headers },
    requestContext: {
      accountId: "123456789012",
      apiId: "bench",
      domainName: "bench.local",
      domainPrefix: "bench",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: randomUUID(),
      routeKey: `${method} ${routePath}`,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { jwt: { claims: { sub: riderId, username: "bench-rider", token_use: "access" }, scopes: [] } },
    },
    isBase64Encoded: false,
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/**
 * A fresh event per run, each for a rider of its own (a rider has one active ride at most). A ride the route needs is
 * made beforehand through core in the state the route expects: on its way, arrived (requested minutes ago), or
 * completed. Ride requests carry an Idempotency-Key, as the web app sends them. A subscriber gets the stream record
 * of a ride completed and rated, which every subscriber acts on.
 */
async function eventFor(name: string, next: () => number): Promise<unknown> {
  if (name === "Sweep") return { source: "aws.events", "detail-type": "Scheduled Event", time: new Date() };
  const { Rides } = await import("@wildrydes/core/rides");
  const riderId = `bench-cold-${randomUUID()}`;
  const trip = tripInCity(next);
  const [method = "GET", routePath = "/"] = name.split(" ");
  const event = (params: Record<string, string>, body?: unknown, headers?: Record<string, string>) =>
    v2Event(method, routePath, params, body, riderId, headers);
  const once = { "idempotency-key": randomUUID() };
  if (name === "POST /rides") return event({}, trip, once);
  if (name === "POST /quotes") return event({}, trip);
  if (name === "POST /ride") {
    return event({}, { PickupLocation: { Latitude: trip.pickup.latitude, Longitude: trip.pickup.longitude } }, once);
  }
  if (!routePath.includes("{rideId}") && name !== "GET /rides/current" && method !== "subscriber") return event({});
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const short = { pickup: trip.pickup, dropoff: nearby(trip.pickup) };
  const at = name.endsWith("/board") ? minutesAgo(2) : name.endsWith("/rating") ? minutesAgo(10) : new Date();
  const { ride } = await Rides.requestRide(riderId, short, { now: at });
  if (name.endsWith("/rating")) await Rides.board(riderId, ride.rideId, new Date(ride.arrivesAt));
  if (method === "subscriber") return streamEvent(riderId, ride.rideId);
  if (method === "POST") return event({ rideId: ride.rideId }, name.endsWith("/rating") ? { rating: 5 } : {});
  return event(name === "GET /rides/current" ? {} : { rideId: ride.rideId });
}

async function streamEvent(riderId: string, rideId: string) {
  const { Db } = await import("@wildrydes/core/db");
  const { Keys } = await import("@wildrydes/core/keys");
  const { GetCommand } = await import("@aws-sdk/lib-dynamodb");
  const { marshall } = await import("@aws-sdk/util-dynamodb");
  const Key = Keys.ride(riderId, rideId);
  const { Item = {} } = await Db.documents().send(new GetCommand({ TableName: Db.tableName(), Key }));
  const image = (x: Record<string, unknown>) => marshall(x, { removeUndefinedValues: true });
  const NewImage = image({ ...Item, status: "COMPLETED", rating: 5 });
  const dynamodb = { Keys: image(Key), NewImage, OldImage: image(Item), StreamViewType: "NEW_AND_OLD_IMAGES" };
  return { Records: [{ eventID: randomUUID(), eventName: "MODIFY", eventSource: "aws:dynamodb", dynamodb }] };
}

/** GET /unicorns answers with the whole fleet: it reads a table of its own holding the product's 12 unicorns. */
const fleetTable = `${benchTable}-fleet`;

async function productFleet(endpoint: string) {
  const { DynamoDBClient, CreateTableCommand } = await import("@aws-sdk/client-dynamodb");
  const { DynamoDBDocumentClient, PutCommand } = await import("@aws-sdk/lib-dynamodb");
  const { Fleet, seattleFleet } = await import("@wildrydes/core/fleet");
  const { Table } = await import("@wildrydes/core/table");
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint }));
  await client.send(new CreateTableCommand(Table.createTableInput(fleetTable))).catch(() => {});
  for (const u of seattleFleet)
    await client.send(new PutCommand({ TableName: fleetTable, Item: Fleet.availableItem(u) }));
  client.destroy();
}

interface Sample {
  totalMs: number;
  importMs: number;
  /** Time with a DynamoDB request in flight (cold-runner.mjs). */
  dbMs: number;
  status: number;
  rssMb: number;
}

async function coldStart(bundle: Bundle, event: unknown, endpoint: string): Promise<Sample> {
  const table = bundle.name === "GET /unicorns" ? fleetTable : benchTable;
  const env = { PATH: process.env.PATH ?? "", LANG: "C", ...handlerEnvironment(endpoint, table) };
  const runner = path.join(import.meta.dirname, "cold-runner.mjs");
  const { stdout } = await run(process.execPath, [runner, bundle.file, JSON.stringify(event)], {
    env,
    cwd: path.dirname(bundle.file),
  });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Sample;
}

export interface ColdRow {
  name: string;
  sizeKb: number;
  runs: number;
  medianMs: number;
  /** From process start to the handler module imported. */
  medianImportMs: number;
  medianDbMs: number;
  /** Median of each run's cold start less its DynamoDB wait. */
  medianOwnMs: number;
  /** Median of each run's first request (after import) less its DynamoDB wait: the handler's own first work. */
  medianFirstOwnMs: number;
  rssMb: number;
  statuses: number[];
}

export async function measureColdStarts(db: BenchDb): Promise<PhaseResult & { data: ColdRow[] }> {
  await db.resetTable();
  await writeFleet(cityFleet(1_000, 11));
  await productFleet(db.endpoint);
  const { handlers, baselines } = await buildBundles();
  const all = [baselines.empty, baselines.getitem, ...handlers];
  const samples = new Map<string, Sample[]>(all.map((b) => [b.name, []]));
  const next = random(99);
  // Interleaved, starting one bundle later each round, so every bundle sees the same share of the shared host's noise.
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < all.length; i++) {
      const bundle = all[(i + round) % all.length] as Bundle;
      const event = bundle.name.startsWith("baseline") ? {} : await eventFor(bundle.name, next);
      samples.get(bundle.name)?.push(await coldStart(bundle, event, db.endpoint));
    }
  }
  const rows: ColdRow[] = all.map((b) => {
    const s = samples.get(b.name) ?? [];
    const m = (pick: (x: Sample) => number) => median(s.map(pick));
    return {
      name: b.name,
      sizeKb: b.sizeKb,
      runs: s.length,
      medianMs: m((x) => x.totalMs),
      medianImportMs: m((x) => x.importMs),
      medianDbMs: m((x) => x.dbMs),
      medianOwnMs: m((x) => x.totalMs - x.dbMs),
      medianFirstOwnMs: m((x) => x.totalMs - x.importMs - x.dbMs),
      rssMb: m((x) => x.rssMb),
      statuses: [...new Set(s.map((x) => x.status))],
    };
  });
  const [empty, getitem] = rows as [ColdRow, ColdRow];
  const figures: Figure[] = rows.flatMap((row) => {
    const size = { id: `bundle.${row.name}`, group: "Bundles", label: row.name, value: row.sizeKb, unit: "KB" };
    const rss = { id: `rss.${row.name}`, group: "Memory", label: `${row.name} RSS after its first request` };
    const common = [judge(size), judge({ ...rss, value: row.rssMb, unit: "MB" })];
    if (row === empty || row === getitem) return common;
    // A refused request is not a cold start of the route: fail the figure rather than report a fast error.
    const answered = row.statuses.every((s) => s < 300);
    const cold = (id: string, value: number, base: { label: string; value: number }, limit: number) => ({
      ...judge({
        id: `cold.${row.name}.${id}`,
        group: "Cold starts",
        label: `${row.name}${id.endsWith("db") ? ", less DynamoDB wait" : ""} (statuses ${row.statuses.join(",")})`,
        value,
        unit: "ms",
        baseline: base,
        budget: { op: "<=" as const, limit },
      }),
      ...(answered ? {} : { pass: false }),
    });
    const one = "handler that creates the document client and does one GetItem";
    return [
      ...common,
      cold("vs-getitem", row.medianMs, { label: one, value: getitem.medianMs }, budget.getitem),
      cold(
        "vs-getitem-less-db",
        row.medianOwnMs,
        { label: `${one}, less its wait`, value: getitem.medianOwnMs },
        budget.getitem,
      ),
      cold("vs-empty", row.medianMs, { label: "empty handler", value: empty.medianMs }, budget.empty),
    ];
  });
  const f0 = (n: number) => n.toFixed(0);
  const table = {
    title: "Cold starts (medians, ms; import counts from process start)",
    header: [
      "handler",
      "KB",
      "runs",
      "total",
      "import",
      "DynamoDB wait",
      "total less wait",
      "1st request less wait",
      "RSS MB",
    ],
    rows: rows.map((r) => [
      r.name,
      f0(r.sizeKb),
      r.runs,
      f0(r.medianMs),
      f0(r.medianImportMs),
      f0(r.medianDbMs),
      f0(r.medianOwnMs),
      f0(r.medianFirstOwnMs),
      f0(r.rssMb),
    ]),
    notes: ["DynamoDB wait: time with an HTTP request to DynamoDB Local in flight (node:diagnostics_channel)."],
  };
  return { figures, tables: [table], data: rows };
}

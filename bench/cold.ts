// Cold starts: each handler bundle, built as a deploy builds it, in a fresh node process that imports it and serves
// one real request against DynamoDB Local; the median of N runs, interleaved with two baselines bundled the same way
// (an empty handler, one that only reads one item). Also each bundle's size and resident memory after the request.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { Db } from "@wildrydes/core/store/db";
import { Fleet, seattleFleet } from "@wildrydes/core/store/fleet";
import { Keys } from "@wildrydes/core/store/keys";
import { Rides } from "@wildrydes/core/store/rides";
import { Table } from "@wildrydes/core/store/table";
import { buildEvent } from "@wildrydes/local/gateway/lambda-event";
import { booked, nearby } from "@wildrydes/testing/rider-api";
import { writeItems } from "@wildrydes/testing/scenes";
import { type Bundle, buildBundles } from "./bundles";
import { cityFleet, random, tripInCity, writeFleet } from "./dispatch-cost";
import { type BenchDb, benchTable, handlerEnvironment, median, quick } from "./dynamo";
import { type Figure, judge, type PhaseResult } from "./figure";

const run = promisify(execFile);
// Odd, for a true median; quick runs still need enough to outvote a loaded host's outliers.
const runs = quick ? 9 : 15;
const budget = { getitem: 1.1, empty: 5.0 };

type Params = Record<string, string>;
/** The rider of events that name none: the warm phase's rides, one after the other. */
export const benchRider = "bench-cold-rider";

/** An API Gateway HTTP API v2 event, built by the gateway emulator as its JWT authorizer hands it over. */
export function v2Event(
  method: string,
  route: string,
  params: Params,
  body?: unknown,
  riderId = benchRider,
  headers: Params = {},
) {
  const rawPath = route.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
  const all = { "content-type": "application/json", host: "bench.local", "user-agent": "bench", ...headers };
  // What the emulator reads of the incoming HTTP request.
  const request = { method, httpVersion: "1.1", rawHeaders: Object.entries(all).flat(), socket: {} } as unknown;
  const auth = { claims: { sub: riderId, username: "bench-rider", token_use: "access" }, scopes: [] };
  const json = Buffer.from(body === undefined ? "" : JSON.stringify(body));
  const event = { body: json, routeKey: `${method} ${route}`, pathParameters: params, auth, requestId: randomUUID() };
  return buildEvent({ ...event, request: request as IncomingMessage, url: new URL(rawPath, "http://bench.local") });
}

// A fresh event per run, each for a rider of its own (a rider has one active ride at most). A ride the route needs is
// made beforehand through core in the state the route expects: on its way, arrived (requested minutes ago), or
// completed. Ride requests carry an Idempotency-Key, as the web app sends them. A subscriber gets the stream record
// of a ride completed and rated, which every subscriber acts on.
async function eventFor(name: string, next: () => number): Promise<unknown> {
  if (name === "Sweep") return { source: "aws.events", "detail-type": "Scheduled Event", time: new Date() };
  const riderId = `bench-cold-${randomUUID()}`;
  const trip = tripInCity(next);
  const [method = "GET", routePath = "/"] = name.split(" ");
  const event = (params: Params, body?: unknown, headers?: Params) =>
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
  const ride = booked((await Rides.requestRide(riderId, short, { now: at })).ride, "a bench ride");
  if (name.endsWith("/rating")) await Rides.board(riderId, ride.rideId, new Date(ride.arrivesAt));
  if (method === "subscriber") return streamEvent(riderId, ride.rideId);
  if (method === "POST") return event({ rideId: ride.rideId }, name.endsWith("/rating") ? { rating: 5 } : {});
  return event(name === "GET /rides/current" ? {} : { rideId: ride.rideId });
}

async function streamEvent(riderId: string, rideId: string) {
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
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint }));
  await client.send(new CreateTableCommand(Table.createTableInput(fleetTable))).catch(() => {});
  await writeItems(client, fleetTable, seattleFleet.map(Fleet.availableItem));
  client.destroy();
}

/** One cold start, as cold-runner.mjs prints it (dbMs: time with a DynamoDB request in flight). */
type Sample = { totalMs: number; importMs: number; dbMs: number; dbCalls: number; status: number; rssMb: number };

async function coldStart(bundle: Bundle, event: unknown, endpoint: string): Promise<Sample> {
  const table = bundle.name === "GET /unicorns" ? fleetTable : benchTable;
  const env = { PATH: process.env.PATH ?? "", LANG: "C", ...handlerEnvironment(endpoint, table) };
  const runner = path.join(import.meta.dirname, "cold-runner.mjs");
  const args = [runner, bundle.file, JSON.stringify(event)];
  const { stdout } = await run(process.execPath, args, { env, cwd: path.dirname(bundle.file) });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Sample;
}

/** The cold-start table's medians over the runs: column, field of the row, what it takes from each run. */
const medians = [
  ["total", "medianMs", (x: Sample) => x.totalMs],
  ["import", "medianImportMs", (x: Sample) => x.importMs], // from process start to the handler module imported
  ["DynamoDB calls", "medianDbCalls", (x: Sample) => x.dbCalls],
  ["DynamoDB wait", "medianDbMs", (x: Sample) => x.dbMs],
  ["total less wait", "medianOwnMs", (x: Sample) => x.totalMs - x.dbMs],
  // The first request (after import) less its DynamoDB wait: the handler's own first work.
  ["1st request less wait", "medianFirstOwnMs", (x: Sample) => x.totalMs - x.importMs - x.dbMs],
  ["RSS MB", "rssMb", (x: Sample) => x.rssMb],
] as const;

type MedianKey = (typeof medians)[number][1];
export type ColdRow = { name: string; sizeKb: number; runs: number; statuses: number[] } & Record<MedianKey, number>;

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
  const rows = all.map((b): ColdRow => {
    const s = samples.get(b.name) ?? [];
    const statuses = [...new Set(s.map((x) => x.status))];
    const m = Object.fromEntries(medians.map(([, key, pick]) => [key, median(s.map(pick))]));
    return { name: b.name, sizeKb: b.sizeKb, runs: s.length, ...(m as Record<MedianKey, number>), statuses };
  });
  const [empty, getitem] = rows as [ColdRow, ColdRow];
  const one = "handler that creates the document client and does one GetItem";
  // Each route against the baselines: figure id, what is compared, the baseline, its label, the budget.
  const versus = [
    ["vs-getitem", "medianMs", getitem, one, budget.getitem],
    ["vs-getitem-less-db", "medianOwnMs", getitem, `${one}, less its wait`, budget.getitem],
    ["vs-empty", "medianMs", empty, "empty handler", budget.empty],
  ] as const;
  const figures: Figure[] = rows.flatMap((row) => [
    judge({ id: `bundle.${row.name}`, group: "Bundles", label: row.name, value: row.sizeKb, unit: "KB" }),
    judge({
      id: `rss.${row.name}`,
      group: "Memory",
      label: `${row.name} RSS after its first request`,
      value: row.rssMb,
      unit: "MB",
    }),
    ...(row === empty || row === getitem ? [] : versus).map(([id, key, base, label, limit]) => ({
      ...judge({
        id: `cold.${row.name}.${id}`,
        group: "Cold starts",
        label: `${row.name}${id.endsWith("db") ? ", less DynamoDB wait" : ""} (statuses ${row.statuses.join(",")})`,
        value: row[key],
        unit: "ms",
        baseline: { label, value: base[key] },
        budget: { op: "<=", limit },
      }),
      // A refused request is not a cold start of the route: fail the figure rather than report a fast error.
      ...(row.statuses.every((s) => s < 300) ? {} : { pass: false }),
    })),
  ]);
  const f0 = (n: number) => n.toFixed(0);
  const table = {
    title: "Cold starts (medians, ms; import counts from process start)",
    header: ["handler", "KB", "runs", ...medians.map(([column]) => column)],
    rows: rows.map((r) => [r.name, f0(r.sizeKb), r.runs, ...medians.map(([, key]) => f0(r[key]))]),
    notes: ["DynamoDB wait: time with an HTTP request to DynamoDB Local in flight (node:diagnostics_channel)."],
  };
  return { figures, tables: [table], data: rows };
}

// Cold starts: each handler bundle, built as a deploy builds it, in a fresh node process that imports it and serves
// one real request against DynamoDB Local. A first pass warms the disk cache; then the median of N runs, interleaved with
// an empty handler and each handler's fair baseline (bundles.ts: the bare SDK making the calls its handler just made).
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { Boarding } from "@wildrydes/core/store/boarding";
import { Cancellations } from "@wildrydes/core/store/cancellations";
import { Crew } from "@wildrydes/core/store/crew";
import { Db } from "@wildrydes/core/store/db";
import { Fleet, seattleFleet, type UnicornProfile } from "@wildrydes/core/store/fleet";
import { Keys } from "@wildrydes/core/store/keys";
import { RideRequests } from "@wildrydes/core/store/ride-requests";
import { Rides } from "@wildrydes/core/store/rides";
import { Sweep } from "@wildrydes/core/store/sweep";
import { buildEvent } from "@wildrydes/local/gateway/lambda-event";
import { booked, nearby } from "@wildrydes/testing/rider-api";
import { writeItems } from "@wildrydes/testing/scenes";
import { type Bundle, buildHandlers, type Call, fairBaseline } from "./bundles";
import { cityFleet, random, tripInCity, writeFleet } from "./city";
import { type BenchDb, benchTable, handlerEnvironment, median, quick } from "./dynamo";
import { atMost, budgeted, judge, type PhaseResult } from "./figure";

const run = promisify(execFile);
// Odd, for a true median; quick runs still need enough to outvote a loaded host's outliers.
const runs = quick ? 9 : 21;
/** Against the fair baseline's cold start, the empty handler's, and the fair baseline's bundle (the SDK is most of it). */
const budget = { fair: 1.1, empty: 5.0, bundle: 1.6 };
/** Handlers the bench cannot start alone, and why. */
const notHere: Record<string, string> = {
  "POST /unicorn/offers/{offerId}/accept": "needs an open offer, which only the offer chain makes",
  "POST /unicorn/offers/{offerId}/decline": "needs an open offer, which only the offer chain makes",
  "GET /ops/metrics": "answers from Athena, not DynamoDB (the lake phase measures its queries)",
};

/** Routes whose 404 is their everyday answer for a crew with no job or offer: measured so, with their one read. */
const answersNone = ["GET /unicorn/rides/current", "GET /unicorn/offers/current"];
type Params = Record<string, string>;
/** The rider of events that name none: the warm phase's rides, one after the other. */
export const benchRider = "bench-cold-rider";

/** An API Gateway HTTP API v2 event for "POST /rides/{rideId}", built by the gateway emulator as its authorizer hands it over. */
type EventOptions = { sub?: string; headers?: Params; groups?: string };
export function v2Event(routeKey: string, params: Params = {}, body?: unknown, o: EventOptions = {}) {
  const [method = "GET", route = "/"] = routeKey.split(" ");
  const rawPath = route.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
  const all = { "content-type": "application/json", host: "bench.local", "user-agent": "bench", ...o.headers };
  // What the emulator reads of the incoming HTTP request.
  const request = { method, httpVersion: "1.1", rawHeaders: Object.entries(all).flat(), socket: {} } as unknown;
  const claims = { sub: o.sub ?? benchRider, username: "bench", "cognito:groups": o.groups ?? "[]" };
  const json = Buffer.from(body === undefined ? "" : JSON.stringify(body));
  const event = { body: json, routeKey, pathParameters: params, auth: { claims, scopes: [] }, requestId: randomUUID() };
  return buildEvent({ ...event, request: request as IncomingMessage, url: new URL(rawPath, "http://bench.local") });
}

// A fresh event per run, each for an account of its own (a rider has one active ride at most). A ride the route needs
// is made beforehand through core in the state the route expects: on its way, arrived, or completed; a unicorn's route
// gets a crewed unicorn linked to its account. Ride requests carry an Idempotency-Key, as the web app sends them.
export async function eventFor(name: string): Promise<unknown> {
  if (name === "Sweep") return oneDueRide().then(() => ({ source: "aws.events", "detail-type": "Scheduled Event" }));
  if (name === "subscriber FleetPush") return streamEvent(Keys.unicorn("Bench00001"), { status: "BUSY" });
  const sub = `bench-cold-${randomUUID()}`;
  // The same trip for every run of a handler, so each run makes the calls its recording made.
  const trip = tripInCity(random([...name].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) | 0, 7)));
  const event = (params: Params = {}, body?: unknown, o = {}) => v2Event(name, params, body, { sub, ...o });
  const once = { headers: { "idempotency-key": randomUUID() } };
  if (name === "POST /rides") return event({}, trip, once);
  if (name === "POST /quotes") return event({}, trip);
  if (name === "POST /ride") return event({}, { PickupLocation: { Latitude: 47.61, Longitude: -122.33 } }, once);
  if (name.includes(" /unicorn/")) {
    const crewed = { ...cityFleet(1)[0], location: trip.pickup, crewed: true, unicornId: sub, name: sub };
    await writeItems(Db.documents(), Db.tableName(), [Fleet.availableItem(crewed as UnicornProfile)]);
    await Crew.link(sub, crewed as UnicornProfile);
    return event({}, name.endsWith("shift") ? { onShift: true } : undefined, { groups: "[unicorns]" });
  }
  if (!name.includes("{rideId}") && name !== "GET /rides/current" && !name.startsWith("subscriber")) return event();
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const short = { pickup: trip.pickup, dropoff: nearby(trip.pickup) };
  const at = name.endsWith("/board") ? minutesAgo(2) : name.endsWith("/rating") ? minutesAgo(10) : new Date();
  const ride = booked((await RideRequests.requestRide(sub, short, { now: at })).ride, "a bench ride");
  if (name.endsWith("/rating")) await Boarding.board(sub, ride.rideId, new Date(ride.arrivesAt));
  if (name.startsWith("subscriber"))
    return streamEvent(Keys.ride(sub, ride.rideId), { status: "COMPLETED", rating: 5 });
  if (name.startsWith("POST")) return event({ rideId: ride.rideId }, name.endsWith("/rating") ? { rating: 5 } : {});
  return event(name === "GET /rides/current" ? {} : { rideId: ride.rideId });
}

/** Every run of the sweep ends one ride, as its recording did: what other runs left due is swept first, in process. */
async function oneDueRide() {
  while ((await Sweep.run()).more);
  const [rider, { pickup }] = [`bench-cold-${randomUUID()}`, tripInCity(random(1))];
  const halfAnHourAgo = new Date(Date.now() - 30 * 60_000); // its rider never boarded: a no-show now
  await RideRequests.requestRide(rider, { pickup, dropoff: nearby(pickup) }, { now: halfAnHourAgo });
}

/** The stream record of a stored item changing as `change` says, which every subscriber acts on. */
async function streamEvent(Key: Record<string, string>, change: object) {
  const { Item = {} } = await Db.documents().send(new GetCommand({ TableName: Db.tableName(), Key }));
  const image = (x: Record<string, unknown>) => marshall(x, { removeUndefinedValues: true });
  const dynamodb = { Keys: image(Key), NewImage: image({ ...Item, ...change }), OldImage: image(Item) };
  const record = { eventID: randomUUID(), eventName: "MODIFY", eventSource: "aws:dynamodb", dynamodb };
  return { Records: [{ ...record, dynamodb: { ...dynamodb, StreamViewType: "NEW_AND_OLD_IMAGES" } }] };
}

/** GET /unicorns answers with the whole fleet: it reads a table of its own holding the product's 12 unicorns. */
const fleetTable = `${benchTable}-fleet`;

/** One cold start, as cold-runner.mjs prints it (dbMs: time with a request in flight). */
type Sample = Record<"totalMs" | "importMs" | "cpuMs" | "dbMs" | "status" | "rssMb", number> & { calls: Call[] };

/**
 * A cold start with a fresh event; a booked ride is cancelled after it, so every run books the same nearest unicorn.
 * A twin runs after its handler's setup too: that work slows the next process start by about 4% (decision 0025).
 */
async function coldStart(bundle: Bundle): Promise<Sample> {
  const event = bundle.name === "baseline empty" ? {} : await eventFor(bundle.name.replace("fair baseline ", ""));
  const table = /GET \/unicorns$/.test(bundle.name) ? fleetTable : benchTable;
  const env = { PATH: process.env.PATH ?? "", LANG: "C", ...handlerEnvironment(table) };
  const args = [path.join(import.meta.dirname, "cold-runner.mjs"), bundle.file, JSON.stringify(event)];
  const { stdout } = await run(process.execPath, args, { env, cwd: path.dirname(bundle.file) });
  const sub = (event as { requestContext?: { authorizer: { jwt: { claims: { sub: string } } } } }).requestContext
    ?.authorizer.jwt.claims.sub;
  if (sub && /^POST \/rides?$/.test(bundle.name))
    await Cancellations.cancelRide(sub, (await Rides.currentRide(sub)).rideId);
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Sample;
}

/** The table's medians over the runs: column, and what it takes from each run. */
const columns: [string, (x: Sample) => number][] = [
  ["total", (x) => x.totalMs],
  ["import", (x) => x.importMs], // from process start to the handler module imported
  ["calls", (x) => x.calls.length],
  ["wait", (x) => x.dbMs],
  ["total less wait", (x) => x.totalMs - x.dbMs],
  ["1st request less wait", (x) => x.totalMs - x.importMs - x.dbMs], // the handler's own first work
  ["CPU", (x) => x.cpuMs],
  ["RSS MB", (x) => x.rssMb],
];
export type ColdRow = { name: string; sizeKb: number; statuses: number[]; medians: number[] };

export async function measureColdStarts(db: BenchDb): Promise<PhaseResult & { data: ColdRow[] }> {
  await db.resetTable();
  await writeFleet(cityFleet(1_000, 11));
  await db.resetTable(fleetTable);
  await writeItems(Db.documents(), fleetTable, seattleFleet.map(Fleet.availableItem));
  const { handlers, empty } = await buildHandlers((name) => name in notHere);
  for (const h of handlers) await coldStart(h); // warms the disk cache
  // Each twin replays its handler's calls (DynamoDB, fetch) of the run before, rebundled whenever they change shape (a
  // quote's search widens as the fleet moves on). Interleaved, one bundle later each round, so every bundle sees the
  // same share of the shared host's noise.
  const all = [empty, ...handlers.flatMap((h) => [h, { ...h, name: `fair baseline ${h.name}` }])];
  const [samples, replays] = [new Map<string, Sample[]>(all.map((b) => [b.name, []])), new Map<string, string>()];
  const shape = (calls: Call[]) => calls.map((c) => c.op + (c.parallel ? "+" : "")).join();
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < all.length; i++) {
      const at = (i + round) % all.length;
      const of = (all[at] as Bundle).name.replace("fair baseline ", "");
      const calls = samples.get(of)?.at(-1)?.calls ?? [];
      if (all[at]?.name !== of && shape(calls) !== replays.get(of)) {
        all[at] = await fairBaseline(of, calls);
        replays.set(of, shape(calls));
      }
      samples.get((all[at] as Bundle).name)?.push(await coldStart(all[at] as Bundle));
    }
  }
  const rows = all.map((b): ColdRow => {
    const s = samples.get(b.name) ?? [];
    const statuses = [...new Set(s.map((x) => x.status))];
    return { name: b.name, sizeKb: b.sizeKb, statuses, medians: columns.map(([, pick]) => median(s.map(pick))) };
  });
  const row = (name: string) => rows.find((r) => r.name === name) as ColdRow;
  const [fairLabel, zero] = ["the same calls with the bare SDK", row("baseline empty")];
  const figures = handlers.flatMap(({ name, sizeKb }) => {
    const [h, base] = [row(name), row(`fair baseline ${name}`)];
    const calls = h.medians[columns.findIndex(([column]) => column === "calls")] ?? 0; // what its twin replays
    const cold = (id: string, label: string, column: number, b: ColdRow, of: string, limit: number) => {
      const what = [`cold.${name}.${id}`, "Cold starts", `${label}, statuses ${h.statuses}`];
      const base = { label: of, value: b.medians[column] ?? 0 };
      // The ratio is the median of each round's ratio to the run next to it: a slow stretch of the host weighs on both.
      const [x, y, pick] = [samples.get(name) ?? [], samples.get(b.name) ?? [], columns[column]?.[1] ?? (() => 0)];
      const ratio = median(x.map((run, i) => pick(run) / pick(y[i] ?? run)));
      const f = judge({ ...budgeted(what, h.medians[column] ?? 0, "ms", atMost(limit), base), ratio });
      // A refused request is not a cold start of the route: fail the figure rather than report a fast error.
      return h.statuses.every((s) => s < 300 || (s === 404 && answersNone.includes(name))) ? f : { ...f, pass: false };
    };
    const bundleKb = { label: "its fair baseline", value: base.sizeKb };
    const vsFair = [
      cold("vs-fair", `${name} (${calls} calls)`, 0, base, fairLabel, budget.fair),
      cold("vs-fair-less-db", `${name}, less its wait`, 4, base, `${fairLabel}, less its wait`, budget.fair),
    ];
    return [
      budgeted([`bundle.${name}`, "Bundles", name], sizeKb, "KB", atMost(budget.bundle), bundleKb),
      ...(calls ? vsFair : []),
      cold("vs-empty", name, 0, zero, "empty handler", budget.empty),
    ];
  });
  const skipped = Object.entries(notHere).map(([name, why]) => `${name} (${why})`);
  const table = {
    title: "Cold starts (medians of runs, ms; import counts from process start)",
    header: ["handler", "KB", ...columns.map(([column]) => column)],
    rows: rows.map((r) => [r.name, r.sizeKb.toFixed(0), ...r.medians.map((m) => m.toFixed(0))]),
    notes: [
      `${runs} runs each; a ratio is the median of the rounds' ratios. Wait: time with a call in flight.`,
      "Fair baseline: the bare SDK replaying, in order, the calls its handler's cold start in the same round made.",
      `Not cold-started here: ${skipped.join("; ")}.`,
    ],
  };
  return { figures, tables: [table], data: rows };
}

/**
 * Warm handlers in-process, invoked as the Lambda runtime does after init: a ride's routes, then the sweep that
 * completes its trip and the stream subscribers its changes feed, each invocation metered (meter.ts). Figures: each
 * route's duration over its DynamoDB time (p50 ≤ 1.2×, p99 ≤ 1.5×); the rest feeds memory and cost.
 */
import { importHandler } from "@wildrydes/local/gateway";
import { startStreamPoller } from "@wildrydes/local/stream-poller";
import { v2Event } from "./cold";
import { cityFleet, random, tripInCity, writeFleet } from "./dispatch-cost";
import { type BenchDb, benchTable, mean, median, percentile, quick, region } from "./dynamo";
import type { PhaseResult } from "./figure";
import { judge } from "./figure";
import { type Measure, meter, type Sample } from "./meter";

/** One handler's warm invocations, summarised (medians of wall, CPU and DynamoDB time; means of units and logs). */
export interface HandlerRun {
  name: string;
  kind: "route" | "sweep" | "subscriber" | "workshop";
  invocations: number;
  /** Invocations per ride (the sweep: per ride it finishes, on top of its idle runs). */
  perRide: number;
  wallMs: number;
  cpuMs: number;
  dbMs: number;
  readUnits: number;
  writeUnits: number;
  logBytes: number;
}

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode?: number; body?: string } | undefined>;
const context = { awsRequestId: "bench-warm", functionName: "bench", getRemainingTimeInMillis: () => 10_000 };

const summarise = (name: string, kind: HandlerRun["kind"], perRide: number, samples: Sample[]): HandlerRun => {
  const s = samples.length ? samples : [{ wall: 0, cpu: 0, db: 0, calls: 0, read: 0, write: 0, log: 0 }];
  const med = (k: keyof Sample) => median(s.map((x) => x[k]));
  const avg = (k: keyof Sample) => mean(s.map((x) => x[k]));
  const [wallMs, cpuMs, dbMs] = [med("wall"), med("cpu"), med("db")];
  const [readUnits, writeUnits, logBytes] = [avg("read"), avg("write"), avg("log")];
  return { name, kind, perRide, invocations: samples.length, wallMs, cpuMs, dbMs, readUnits, writeUnits, logBytes };
};

const load = async (file: string) => ((await import(`../functions/src/${file}.ts`)) as { handler: Handler }).handler;

export async function measureWarm(db: BenchDb): Promise<PhaseResult> {
  await db.resetTable();
  await writeFleet(cityFleet(2_000, 5));
  const measure = await meter();
  const samples = new Map<string, Sample[]>();
  const invoke = async (route: string, file: string, event: unknown, counted: boolean) => {
    const handler = await load(file);
    const { value, sample } = await measure(() => handler(event, context));
    if (!value?.statusCode || value.statusCode >= 300) throw new Error(`${route}: ${value?.statusCode} ${value?.body}`);
    if (counted) samples.set(route, [...(samples.get(route) ?? []), sample]);
    return JSON.parse(value.body ?? "{}") as { rideId?: string; quoteId?: string };
  };
  const next = random(31);
  const [warmUp, rounds] = [5, quick ? 15 : 60];
  // Half the rides are cancelled, half boarded and rated; the bench cannot wait for a unicorn or a trip, so it moves
  // their times back. The first rounds warm every handler (module init, sockets, JIT) and are not counted.
  for (let i = 0; i < warmUp + rounds; i++) {
    const counted = i >= warmUp;
    const call = (route: string, file: string, params: Record<string, string> = {}, body?: unknown) => {
      const [method = "GET", path = "/"] = route.split(" ");
      return invoke(route, file, v2Event(method, path, params, body), counted);
    };
    await call("GET /rides", "rides/list");
    const { quoteId } = await call("POST /quotes", "quotes/create", {}, tripInCity(next));
    const { rideId = "" } = await call("POST /rides", "rides/request", {}, { quoteId });
    await call("GET /rides/{rideId}", "rides/get", { rideId });
    if (i % 2 === 0) {
      await call("POST /rides/{rideId}/cancel", "rides/cancel", { rideId }, {});
    } else {
      await backdate(rideId, "arrivesAt");
      await call("POST /rides/{rideId}/board", "rides/board", { rideId }, {});
      await backdate(rideId, "dropoffAt");
      await call("POST /rides/{rideId}/rating", "rides/rating", { rideId }, { rating: 5 });
    }
  }
  const rides = warmUp + rounds;
  // Half the rides are cancelled, half boarded and rated.
  const perRide = (route: string) => (/cancel|board|rating/.test(route) ? 0.5 : 1);
  const runs = [...samples].map(([route, s]) => summarise(route, "route", perRide(route), s));

  runs.push(...(await sweep(measure, rides)));
  runs.push(...(await subscribers(db, measure, rides)));
  runs.push(await workshopRide(measure, next, rounds));
  // GET /unicorns lists the whole fleet: measured on the product's own (Fleet.seed's 12), not the bench's 2,000.
  await db.resetTable();
  await (await import("@wildrydes/core/fleet")).Fleet.seed();
  for (let i = 0; i < warmUp + rounds; i++) {
    await invoke("GET /unicorns", "unicorns/list", v2Event("GET", "/unicorns", {}), i >= warmUp);
  }
  runs.push(summarise("GET /unicorns", "route", 1, samples.get("GET /unicorns") ?? []));

  const figures = [...samples].flatMap(([route, s]) =>
    [50, 99].map((p) => {
      const at = (pick: (x: Sample) => number) => percentile(s.map(pick), p);
      return judge({
        id: `warm.${route}.p${p}`,
        group: "Warm handler overhead",
        label: `${route} p${p}${route === "GET /unicorns" ? " (the product's fleet of 12)" : ""}`,
        value: at((x) => x.wall),
        unit: "ms",
        baseline: { label: "its DynamoDB calls", value: at((x) => x.db) },
        budget: { op: "<=", limit: p === 50 ? 1.2 : 1.5 },
      });
    }),
  );
  const f1 = (n: number) => n.toFixed(1);
  const table = {
    title: "Warm invocations (medians; units and log bytes are means)",
    header: ["handler", "n", "per ride", "wall ms", "CPU ms", "DynamoDB ms", "RRU", "WRU", "log bytes"],
    rows: runs.map((r) => [
      r.name,
      r.invocations,
      r.perRide.toFixed(2),
      f1(r.wallMs),
      f1(r.cpuMs),
      f1(r.dbMs),
      r.readUnits.toFixed(2),
      r.writeUnits.toFixed(2),
      r.logBytes.toFixed(0),
    ]),
    notes: [
      "Routes run warm in-process against DynamoDB Local; reads are billed at AWS's 0.5 RRU minimum per call.",
      "Sweep per ride: (a sweep's time − an idle sweep's) ÷ rides it finished; `sweep (idle)` runs every minute.",
      "Subscribers: invoked one record at a time, as a trickle of rides arrives in production.",
      "`workshop POST /ride`: the workshop-compatible route, priced as the workshop's design in the cost table.",
    ],
  };
  return { figures, tables: [table], data: runs };
}

/** An idle sweep several times, then one over the due rides: the per-ride part is the difference. */
async function sweep(measure: Measure, rides: number): Promise<HandlerRun[]> {
  const { Sweep } = await import("@wildrydes/core/sweep");
  const later = new Date(Date.now() + 3 * 3_600_000);
  const idle: Sample[] = [];
  for (let i = 0; i < 10; i++) idle.push((await measure(() => Sweep.run(new Date(0)))).sample);
  const { value, sample } = await measure(() => Sweep.run(later, 1_000));
  const finished = Math.max(1, value.finished);
  const idleRun = summarise("sweep (idle)", "sweep", 0, idle.slice(2));
  const perRide = {
    wall: (sample.wall - idleRun.wallMs) / finished,
    cpu: (sample.cpu - idleRun.cpuMs) / finished,
    db: (sample.db - idleRun.dbMs) / finished,
    calls: sample.calls / finished,
    read: (sample.read - idleRun.readUnits) / finished,
    write: sample.write / finished,
    log: sample.log / finished,
  };
  return [idleRun, summarise("sweep (per ride it ends)", "sweep", value.finished / rides, [perRide])];
}

/** Each subscription in turn, one record per invocation, over the stream the rides above wrote. */
async function subscribers(db: BenchDb, measure: Measure, rides: number): Promise<HandlerRun[]> {
  const { subscriptions } = await import("@wildrydes/functions/subscriptions");
  const runs: HandlerRun[] = [];
  for (const subscription of subscriptions) {
    const samples: Sample[] = [];
    const poller = await startStreamPoller({
      endpoint: db.endpoint,
      region,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      tableName: benchTable,
      subscriptions: [{ ...subscription, batchSize: 1, batchingWindowSeconds: 0 }],
      deadLetterFile: "/dev/null",
      pollMs: 50,
      loadHandler: async (name) => {
        const handler = await importHandler(name);
        return async (event, ctx) => {
          const { value, sample } = await measure(async () => handler(event, ctx));
          samples.push(sample);
          return value;
        };
      },
    });
    await poller.caughtUp();
    await poller.stop();
    // The first invocation imports the module (a cold start): not a warm figure.
    const warm = samples.length > 1 ? samples.slice(1) : samples;
    runs.push(summarise(`subscriber ${subscription.name}`, "subscriber", samples.length / rides, warm));
  }
  return runs;
}

/** The workshop-compatible POST /ride, a rider each (one active ride per rider), for the workshop's cost. */
async function workshopRide(measure: Measure, next: () => number, rounds: number): Promise<HandlerRun> {
  const handler = await load("legacy/ride");
  const samples: Sample[] = [];
  for (let i = 0; i < rounds + 5; i++) {
    const { pickup } = tripInCity(next);
    const body = { PickupLocation: { Latitude: pickup.latitude, Longitude: pickup.longitude } };
    const event = v2Event("POST", "/ride", {}, body, `bench-workshop-${i}`);
    const { value, sample } = await measure(() => handler(event, context));
    if ((value?.statusCode ?? 500) >= 300) throw new Error(`POST /ride: ${value?.statusCode} ${value?.body}`);
    if (i >= 5) samples.push(sample);
  }
  return summarise("workshop POST /ride", "workshop", 1, samples);
}

/**
 * Moves a ride's arrival (so it can be boarded) or its dropoff (so it is over, and no longer blocks the rider's
 * next ride) a minute into the past: the bench cannot wait for a unicorn or a trip.
 */
async function backdate(rideId: string, moment: "arrivesAt" | "dropoffAt"): Promise<void> {
  const { Db } = await import("@wildrydes/core/db");
  const { TransactWriteCommand } = await import("@aws-sdk/lib-dynamodb");
  const { Keys } = await import("@wildrydes/core/keys");
  const past = new Date(Date.now() - 60_000).toISOString();
  const rider = "bench-cold-rider";
  const update = (Key: Record<string, unknown>, expression: string) => ({
    Update: {
      TableName: Db.tableName(),
      Key,
      UpdateExpression: expression,
      ExpressionAttributeValues: { ":past": past },
    },
  });
  const ride = update(Keys.ride(rider, rideId), `SET ${moment} = :past`);
  const marker = update(Keys.riderProfile(rider), "SET activeUntil = :past");
  const items = moment === "dropoffAt" ? [ride, marker] : [ride];
  await Db.documents().send(new TransactWriteCommand({ TransactItems: items }));
}

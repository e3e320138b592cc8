// Warm handlers in-process, invoked as the Lambda runtime does after init: a ride's routes, then the sweep that
// completes its trip and the stream subscribers its changes feed, each invocation metered (meter.ts). Figures: each
// route's duration over its DynamoDB time (p50 ≤ 1.2×, p99 ≤ 1.5×); the rest feeds the cost model.
import { routes } from "@wildrydes/functions/catalogue/routes";
import { importHandler } from "@wildrydes/local/gateway/gateway";
import { startStreamPoller } from "@wildrydes/local/streams/poller";
import { cityFleet, random, tripInCity, writeFleet } from "./city";
import { benchRider as rider, v2Event } from "./cold";
import { type BenchDb, benchTable, credentials, mean, median, percentile, quick, region } from "./dynamo";
import { atMost, budgeted, type PhaseResult } from "./figure";
import { type Measure, meter, type Sample } from "./meter";

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode?: number; body?: string } | undefined>;
const context = { awsRequestId: "bench-warm", functionName: "bench", getRemainingTimeInMillis: () => 10_000 };
type Kind = "route" | "sweep" | "subscriber" | "workshop";

/** A route's handler ("POST /rides"), loaded as the local gateway loads it from the one route table. */
const routeHandler = async (key: string) =>
  (await importHandler(routes.find((r) => `${r.method} ${r.path}` === key)?.handler ?? key)) as Handler;

// One handler's warm invocations: medians of wall, CPU and DynamoDB time, means of units and log bytes. `perRide`:
// its invocations per ride (the sweep: per ride it finishes, on top of its idle runs).
const summarise = (name: string, kind: Kind, perRide: number, samples: Sample[]) => {
  const s = samples.length ? samples : [{ wall: 0, cpu: 0, db: 0, calls: 0, read: 0, write: 0, localWrite: 0, log: 0 }];
  const med = (k: keyof Sample) => median(s.map((x) => x[k]));
  const avg = (k: keyof Sample) => mean(s.map((x) => x[k]));
  const [wallMs, cpuMs, dbMs, readUnits] = [med("wall"), med("cpu"), med("db"), avg("read")];
  const [writeUnits, localWriteUnits, logBytes] = [avg("write"), avg("localWrite"), avg("log")];
  const counts = { invocations: samples.length, wallMs, cpuMs, dbMs, readUnits, writeUnits, localWriteUnits, logBytes };
  return { name, kind, perRide, ...counts };
};
export type HandlerRun = ReturnType<typeof summarise>;

export async function measureWarm(db: BenchDb): Promise<PhaseResult> {
  await db.resetTable();
  await writeFleet(cityFleet(2_000, 5));
  const [measure, samples] = [await meter(), new Map<string, Sample[]>()];
  const invoke = async (name: string, route: string, event: unknown, counted: boolean) => {
    const handler = await routeHandler(route);
    const { value, sample } = await measure(() => handler(event, context));
    if (!value?.statusCode || value.statusCode >= 300) throw new Error(`${name}: ${value?.statusCode} ${value?.body}`);
    if (counted) samples.set(name, [...(samples.get(name) ?? []), sample]);
    return JSON.parse(value.body ?? "{}") as { rideId?: string; quoteId?: string };
  };
  const next = random(31);
  const [warmUp, rounds] = [5, quick ? 15 : 60];
  // Half the rides are cancelled, half boarded and rated. The first rounds warm every handler (module init, sockets,
  // JIT) and are not counted.
  for (let i = 0; i < warmUp + rounds; i++) {
    const call = (route: string, params: Record<string, string> = {}, body?: unknown) =>
      invoke(route, route, v2Event(route, params, body), i >= warmUp);
    await call("GET /rides");
    const { quoteId } = await call("POST /quotes", {}, tripInCity(next));
    const { rideId = "" } = await call("POST /rides", {}, { quoteId });
    await call("GET /rides/{rideId}", { rideId });
    if (i % 2 === 0) {
      await call("POST /rides/{rideId}/cancel", { rideId }, {});
    } else {
      await backdate(rideId, "arrivesAt");
      await call("POST /rides/{rideId}/board", { rideId }, {});
      await backdate(rideId, "dropoffAt");
      await call("POST /rides/{rideId}/rating", { rideId }, { rating: 5 });
    }
  }
  const rides = warmUp + rounds;
  const perRide = (route: string) => (/cancel|board|rating/.test(route) ? 0.5 : 1);
  const runs = [...samples].map(([route, s]) => summarise(route, "route", perRide(route), s));
  runs.push(...(await sweep(measure, rides)), ...(await subscribers(db, measure, rides)));

  // The workshop-compatible POST /ride, a rider each (one active ride per rider), for the workshop's cost.
  const workshop = "workshop POST /ride";
  for (let i = 0; i < warmUp + rounds; i++) {
    const { pickup } = tripInCity(next);
    const body = { PickupLocation: { Latitude: pickup.latitude, Longitude: pickup.longitude } };
    await invoke(workshop, "POST /ride", v2Event("POST /ride", {}, body, { sub: `bench-workshop-${i}` }), i >= warmUp);
  }
  // GET /unicorns lists the whole fleet: measured on the product's own (Fleet.seed's 12), not the bench's 2,000.
  await db.resetTable();
  await (await import("@wildrydes/core/store/fleet")).Fleet.seed();
  for (let i = 0; i < warmUp + rounds; i++) {
    await invoke("GET /unicorns", "GET /unicorns", v2Event("GET /unicorns"), i >= warmUp);
  }
  const oncePerRide = (name: string, kind: Kind) => summarise(name, kind, 1, samples.get(name) ?? []);
  runs.push(oncePerRide(workshop, "workshop"), oncePerRide("GET /unicorns", "route"));

  samples.delete(workshop); // priced in the cost table, not a warm figure of this app
  const figures = [...samples].flatMap(([route, s]) =>
    [50, 99].map((p) => {
      const at = (pick: (x: Sample) => number) => percentile(s.map(pick), p);
      const label = `${route} p${p}${route === "GET /unicorns" ? " (the product's fleet of 12)" : ""}`;
      const baseline = { label: "its DynamoDB calls", value: at((x) => x.db) };
      const names = [`warm.${route}.p${p}`, "Warm handler overhead", label];
      const [wall, limit] = [at((x) => x.wall), atMost(p === 50 ? 1.2 : 1.5)];
      return budgeted(names, wall, "ms", limit, baseline);
    }),
  );
  const columns = ["perRide", "wallMs", "cpuMs", "dbMs", "readUnits", "writeUnits", "logBytes"] as const;
  const fixed = (n: number, i: number) => n.toFixed([2, 1, 1, 1, 2, 2, 0][i]); // digits per column
  const table = {
    title: "Warm invocations (medians; units and log bytes are means)",
    header: ["handler", "n", "per ride", "wall ms", "CPU ms", "DynamoDB ms", "RRU", "WRU", "log bytes"],
    rows: runs.map((r) => [r.name, r.invocations, ...columns.map((k, i) => fixed(r[k], i))]),
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
  const { Sweep } = await import("@wildrydes/core/store/sweep");
  const idle: Sample[] = [];
  for (let i = 0; i < 10; i++) idle.push((await measure(() => Sweep.run(new Date(0)))).sample);
  const { value, sample } = await measure(() => Sweep.run(new Date(Date.now() + 3 * 3_600_000), 1_000));
  const idleRun = summarise("sweep (idle)", "sweep", 0, idle.slice(2));
  const less: Partial<Sample> = { wall: idleRun.wallMs, cpu: idleRun.cpuMs, db: idleRun.dbMs, read: idleRun.readUnits };
  const [perRide, finished] = [{ ...sample }, Math.max(1, value.finished)];
  for (const k of Object.keys(perRide) as (keyof Sample)[]) perRide[k] = (sample[k] - (less[k] ?? 0)) / finished;
  return [idleRun, summarise("sweep (per ride it ends)", "sweep", value.finished / rides, [perRide])];
}

/** Each subscription in turn, one record per invocation, over the stream the rides above wrote. */
async function subscribers(db: BenchDb, measure: Measure, rides: number): Promise<HandlerRun[]> {
  const { subscriptions } = await import("@wildrydes/functions/catalogue/subscriptions");
  const runs: HandlerRun[] = [];
  const source = { endpoint: db.endpoint, region, credentials, tableName: benchTable, deadLetterFile: "/dev/null" };
  for (const subscription of subscriptions) {
    const samples: Sample[] = [];
    const poller = await startStreamPoller({
      ...source,
      pollMs: 50,
      subscriptions: [{ ...subscription, batchSize: 1, batchingWindowSeconds: 0 }],
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

/** Moves a ride's arrival (to board it) or its dropoff (so it no longer blocks the rider's next ride) a minute back. */
async function backdate(rideId: string, moment: "arrivesAt" | "dropoffAt"): Promise<void> {
  const { Db } = await import("@wildrydes/core/store/db");
  const { Keys } = await import("@wildrydes/core/store/keys");
  const { TransactWriteCommand } = await import("@aws-sdk/lib-dynamodb");
  const past = { ":past": new Date(Date.now() - 60_000).toISOString() };
  const common = { TableName: Db.tableName(), ExpressionAttributeValues: past };
  const update = (Key: object, field: string) => ({
    Update: { ...common, Key, UpdateExpression: `SET ${field} = :past` },
  });
  const ride = update(Keys.ride(rider, rideId), moment);
  const items = moment === "dropoffAt" ? [ride, update(Keys.riderProfile(rider), "activeUntil")] : [ride];
  await Db.documents().send(new TransactWriteCommand({ TransactItems: items }));
}

/**
 * Ride events: (a) lag from a ride's change to what the API shows — the sweep's COMPLETED to the rider's GET /me, a
 * rating to the unicorn's GET /unicorns — through the local stack's stream poller and the real subscribers; (b) the
 * poller's records/s with a no-op subscriber that takes everything, against a bare GetShardIterator/GetRecords loop
 * over the same records of the same DynamoDB Local. Runs alone: `npx tsx bench/events.ts`.
 */
import { fileURLToPath } from "node:url";
import { BatchWriteItemCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Subscription } from "@wildrydes/functions/subscriptions";
import { startStack } from "@wildrydes/local/stack";
import { startStreamPoller } from "@wildrydes/local/stream-poller";
import { busyRide } from "@wildrydes/testing/scenes";
import { type BenchDb, benchTable, median, percentile, quick, region, startBenchDb } from "./dynamo";

export interface LagFigures {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface EventsResult {
  lag: {
    /** The sweep writes COMPLETED; RiderTotals counts it; GET /me shows the ride. */
    completedToMe: LagFigures;
    /** The rider rates; UnicornRatings counts it; GET /unicorns shows the rating. */
    ratingToUnicorns: LagFigures;
    /** How often the test read the API while waiting (the figures' resolution). */
    readEveryMs: number;
    budgetMs: number;
    pass: boolean;
  };
  throughput: {
    records: number;
    rounds: number;
    batchSize: number;
    pollerPerSecond: number;
    barePerSecond: number;
    ratio: number;
    budget: number;
    pass: boolean;
  };
}

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const lagBudgetMs = 2_000;
const readEveryMs = 10;
/** The stack's poller waits 250 ms between reads of the stream (StreamPollerOptions.pollMs). */
const pollCycleMs = 250;

/** A busy unicorn and its ride in progress, due at `dueAt` (completed by the clock, not yet by the sweep). */
function rideInProgress(n: number, riderId: string, dueAt: number) {
  const [name, rideId] = [`Event${String(n).padStart(5, "0")}`, `01JZEVENT${String(n).padStart(17, "0")}`];
  return busyRide({ name, rideId, riderId, boarded: true, requestedAt: dueAt - 200_000 });
}

async function writeAll(client: DynamoDBClient, tableName: string, items: object[]): Promise<void> {
  const pages = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
  for (let i = 0; i < pages.length; i += 8) {
    await Promise.all(
      pages.slice(i, i + 8).map(async (page) => {
        let pending = page.map((item) => ({ PutRequest: { Item: marshall(item) } }));
        while (pending.length) {
          const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
          pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      }),
    );
  }
}

/** Waits until `seen` holds, reading every `readEveryMs`; the milliseconds since `since`. */
async function until(since: number, seen: () => Promise<boolean>): Promise<number> {
  const deadline = since + 30_000;
  while (!(await seen())) {
    if (performance.now() > deadline) throw new Error("the projection did not catch up within 30 s");
    await new Promise((resolve) => setTimeout(resolve, readEveryMs));
  }
  return performance.now() - since;
}

const figures = (ms: number[]): LagFigures => ({
  n: ms.length,
  p50: percentile(ms, 50),
  p99: percentile(ms, 99),
  max: Math.max(...ms),
});

/** One rider, `count` rides each with its own unicorn: each ride is swept, then rated, one at a time. */
export async function measureLag(count = quick ? 21 : 101): Promise<EventsResult["lag"]> {
  const stack = await startStack({ web: false, seed: false, throttle: false });
  try {
    const { Db } = await import("@wildrydes/core/db");
    const { Sweep } = await import("@wildrydes/core/sweep");
    const { Rides } = await import("@wildrydes/core/rides");
    const { apiClient } = await import("@wildrydes/testing/api");
    const { newRider } = await import("@wildrydes/testing/riders");
    const api = apiClient(stack.endpoints);
    const rider = await newRider(stack.endpoints);
    const token = rider.accessToken;
    const base = Date.now() - 3_600_000;
    const scenes = Array.from({ length: count }, (_, n) => rideInProgress(n, rider.sub, base + n * 1000));
    await writeAll(Db.dynamodb(), Db.tableName(), scenes.flat());
    await stack.streams.caughtUp(); // the scene's own inserts are behind us
    const [completed, rated]: [number[], number[]] = [[], []];
    // A random pause before each change, so changes fall anywhere in the poller's cycle, not just after a delivery.
    const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * pollCycleMs));
    for (const [n, [, ride]] of scenes.entries()) {
      await pause();
      let since = performance.now();
      const swept = await Sweep.run(new Date(base + n * 1000));
      if (swept.finished !== 1) throw new Error(`the sweep finished ${swept.finished} rides, not ride ${n}`);
      const completedLag = await until(since, async () => (await api("GET", "/me", { token })).body.rides === n + 1);
      const unicorn = async () =>
        (await api("GET", "/unicorns", { token })).body.unicorns.find(
          (u: { name: string }) => u.name === ride.unicorn.name,
        );
      await pause();
      since = performance.now();
      await Rides.rateRide(rider.sub, ride.rideId, 4);
      const ratedLag = await until(since, async () => (await unicorn())?.ratings === 1);
      // The first ride loads the subscribers' modules (a cold start): warm-up, not counted.
      if (n === 0) continue;
      completed.push(completedLag);
      rated.push(ratedLag);
    }
    const [completedToMe, ratingToUnicorns] = [figures(completed), figures(rated)];
    const pass = completedToMe.p99 <= lagBudgetMs && ratingToUnicorns.p99 <= lagBudgetMs;
    return { completedToMe, ratingToUnicorns, readEveryMs, budgetMs: lagBudgetMs, pass };
  } finally {
    await stack.stop();
  }
}

/** A bare reader: DescribeTable, DescribeStream, then GetShardIterator and GetRecords until `total` are read. */
async function bareRead(endpoint: string, total: number): Promise<number> {
  const started = performance.now();
  const streams = new DynamoDBStreamsClient({ endpoint, region, credentials });
  const dynamo = new DynamoDBClient({ endpoint, region, credentials });
  const table = await dynamo.send(new DescribeTableCommand({ TableName: benchTable }));
  const StreamArn = table.Table?.LatestStreamArn;
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
  let read = 0;
  for (const shard of StreamDescription?.Shards ?? []) {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }),
    );
    let iterator = ShardIterator;
    while (iterator && read < total) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      if (!out.Records?.length) break;
      read += out.Records.length;
      iterator = out.NextShardIterator;
    }
  }
  const ms = performance.now() - started;
  streams.destroy();
  dynamo.destroy();
  if (read < total) throw new Error(`the bare loop read ${read} of ${total} records`);
  return (total / ms) * 1000;
}

/** The poller from its start until a no-op subscriber matching everything has been handed all `total` records. */
async function pollerRead(endpoint: string, total: number, batchSize: number): Promise<number> {
  let handed = 0;
  let done = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const subscription: Subscription = {
    name: "Everything",
    handler: "bench.noop",
    filters: [],
    batchSize,
    batchingWindowSeconds: 0,
    retries: 0,
    bisectOnError: false,
    link: [],
  };
  const noop = async (event: { Records: unknown[] }) => {
    handed += event.Records.length;
    if (handed >= total) done();
    return { batchItemFailures: [] };
  };
  const started = performance.now();
  const poller = await startStreamPoller({
    endpoint,
    region,
    credentials,
    tableName: benchTable,
    subscriptions: [subscription],
    deadLetterFile: "/dev/null",
    loadHandler: async () => noop as never,
  });
  await all;
  const ms = performance.now() - started;
  await poller.stop();
  return (total / ms) * 1000;
}

/** The same `records` writes read by both sides, alternating, `rounds` times each; medians compared. */
export async function measurePollerThroughput(
  db: BenchDb,
  records = 5_000,
  rounds = quick ? 2 : 5,
): Promise<EventsResult["throughput"]> {
  const batchSize = 25; // the subscriptions' own (functions/src/subscriptions.ts)
  const items = Array.from({ length: records / 2 }, (_, n) => rideInProgress(n, `rider-${n % 50}`, Date.now())).flat();
  await writeAll(db.client, benchTable, items);
  const [poller, bare]: [number[], number[]] = [[], []];
  await bareRead(db.endpoint, records); // warm both paths (JIT, sockets) before timing
  await pollerRead(db.endpoint, records, batchSize);
  for (let round = 0; round < rounds; round++) {
    bare.push(await bareRead(db.endpoint, records));
    poller.push(await pollerRead(db.endpoint, records, batchSize));
  }
  const [pollerPerSecond, barePerSecond] = [median(poller), median(bare)];
  const ratio = pollerPerSecond / barePerSecond;
  const budget = 0.8;
  return { records, rounds, batchSize, pollerPerSecond, barePerSecond, ratio, budget, pass: ratio >= budget };
}

/** Throughput first, on a bare table nobody else reads; then the lag on a whole local stack. */
export async function measureEvents(db: BenchDb): Promise<EventsResult> {
  const throughput = await measurePollerThroughput(db);
  return { throughput, lag: await measureLag() };
}

export function eventsTable(r: EventsResult): string {
  const row = (what: string, l: LagFigures) =>
    `| ${what} | ${l.n} | ${l.p50.toFixed(0)} | ${l.p99.toFixed(0)} | ${l.max.toFixed(0)} |`;
  const t = r.throughput;
  return [
    "| change → what shows it | n | p50 ms | p99 ms | max ms |",
    "|---|---:|---:|---:|---:|",
    row("sweep writes COMPLETED → GET /me", r.lag.completedToMe),
    row("rating → GET /unicorns", r.lag.ratingToUnicorns),
    "",
    `Lag from the write's start until the API shows it, read every ${r.lag.readEveryMs} ms (p99 budget <= ` +
      `${r.lag.budgetMs} ms) ${r.lag.pass ? "PASS" : "FAIL"}`,
    "",
    `Stream poller (no-op subscriber, batches of ${t.batchSize}) ${t.pollerPerSecond.toFixed(0)} records/s vs a bare ` +
      `GetRecords loop ${t.barePerSecond.toFixed(0)} records/s over the same ${t.records.toLocaleString("en")} ` +
      `records (median of ${t.rounds}): ${t.ratio.toFixed(2)}× (budget >= ${t.budget}×) ${t.pass ? "PASS" : "FAIL"}`,
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const db = await startBenchDb("c1");
  try {
    console.log(eventsTable(await measureEvents(db)));
  } finally {
    await db.stop();
  }
}

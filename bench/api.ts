/**
 * API latency and throughput through the gateway emulator (HTTP + JWT + v2 event + the real handlers), each against
 * a baseline that issues the same DynamoDB operations by calling core directly, in the same process and run.
 */
import { startStack } from "@wildrydes/local/stack";
import { cityFleet, random, tripInCity, writeFleet } from "./dispatch-cost";
import { quick } from "./dynamo";
import { startHttpClient } from "./http-client";
import { type Percentiles, percentiles, pool, type Sample, timed } from "./load";

export interface LatencyRow {
  route: "POST /rides" | "GET /rides";
  concurrency: number;
  gateway: Percentiles;
  direct: Percentiles;
  p50Ratio: number;
  p99Ratio: number;
  pass: boolean;
  /** Successful latencies in ms, kept for the distribution chart. */
  samples: { gateway: number[]; direct: number[] };
}

export interface ThroughputResult {
  seconds: number;
  concurrency: number;
  ridesPerSecond: number;
  dispatched: number;
  serverErrors: number;
  otherErrors: number;
  doubleBookings: number;
  unicornsLeftBusy: number;
  rawTransactionsPerSecond: number;
  /** Rides/s over raw TransactWriteItems/s ÷ 2 (a dispatched-and-cancelled ride needs two three-item transactions). */
  ratio: number;
  budget: number;
  pass: boolean;
}

const latencyBudget = { p50: 1.25, p99: 1.5 };

export async function measureApi(): Promise<{ latency: LatencyRow[]; throughput: ThroughputResult; fleet: number }> {
  // No stage throttle (its 50 requests/s per route would turn a load test into 429s) and as many handler
  // invocations at once as the load's concurrency, as Lambda scales out: the direct side has no cap either.
  const stack = await startStack({ web: false, seed: false, throttle: false, concurrency: 32 });
  try {
    const { Rides } = await import("@wildrydes/core/rides");
    const { newRiders } = await import("@wildrydes/testing/riders");
    const { endpoints } = stack;
    const fleetSize = 2_000;
    await writeFleet(cityFleet(fleetSize, 5));
    // Two riders per worker: one active ride per rider, and the throughput run holds one ride while asking for the next.
    const riders = await newRiders(endpoints, 64, "bench");
    const next = random(3);
    const client = startHttpClient({ apiUrl: endpoints.apiUrl, tokens: riders.map((r) => r.accessToken) });
    const sub = (worker: number) => riders[worker % riders.length]?.sub ?? "";
    const directOps = {
      "POST /rides": async (w: number): Promise<Sample> => {
        const { ms, value } = await timed(() => Rides.requestRide(sub(w), tripInCity(next)));
        await Rides.cancelRide(sub(w), value.ride.rideId);
        return { ms, ok: true };
      },
      "GET /rides": async (w: number): Promise<Sample> => {
        const { ms } = await timed(() => Rides.listRides(sub(w), 20));
        return { ms, ok: true };
      },
    };
    const guard = (op: (w: number) => Promise<Sample>) => (w: number) =>
      op(w).catch((error: Error) => ({ ms: 0, ok: false, error: error.name ?? "Error" }));

    const latency: LatencyRow[] = [];
    const perSide = quick ? 60 : 400;
    const chunk = quick ? 30 : 100;
    for (const route of ["POST /rides", "GET /rides"] as const) {
      for (const concurrency of [1, 16]) {
        // Warm both paths (handler import, JIT, sockets) before measuring.
        await client.chunk(route, concurrency, concurrency * 4);
        await pool(concurrency, (n) => n < concurrency * 4, guard(directOps[route]));
        const gateway: Sample[] = [];
        const direct: Sample[] = [];
        // Alternate chunks so both sides meet the same load from the shared host.
        for (let done = 0; done < perSide; done += chunk) {
          gateway.push(...(await client.chunk(route, concurrency, chunk)));
          direct.push(...(await pool(concurrency, (n) => n < chunk, guard(directOps[route]))));
        }
        const g = percentiles(gateway);
        const d = percentiles(direct);
        const p50Ratio = g.p50 / d.p50;
        const p99Ratio = g.p99 / d.p99;
        const pass = p50Ratio <= latencyBudget.p50 && p99Ratio <= latencyBudget.p99 && g.errors + d.errors === 0;
        const ms = (xs: Sample[]) => xs.filter((x) => x.ok).map((x) => Number(x.ms.toFixed(2)));
        const samples = { gateway: ms(gateway), direct: ms(direct) };
        latency.push({ route, concurrency, gateway: g, direct: d, p50Ratio, p99Ratio, pass, samples });
      }
    }

    const throughput = await measureThroughput(client, endpoints.dynamodbEndpoint, endpoints.tableName);
    await client.stop();
    return { latency, throughput, fleet: fleetSize };
  } finally {
    await stack.stop();
  }
}

async function measureThroughput(
  client: ReturnType<typeof startHttpClient>,
  endpoint: string,
  tableName: string,
): Promise<ThroughputResult> {
  const { Fleet } = await import("@wildrydes/core/fleet");
  const { rawTransactionRate } = await import("./raw");
  const concurrency = 32;
  const counters = await client.throughput(quick ? 5 : 30, concurrency);
  const roster = await Fleet.roster(10_000);
  const unicornsLeftBusy = roster.filter((u) => !u.available).length;
  const raw = await rawTransactionRate(endpoint, tableName, concurrency, quick ? 3 : 10);
  const { dispatched, serverErrors, otherErrors, doubleBookings } = counters;
  const ridesPerSecond = dispatched / counters.seconds;
  const ratio = ridesPerSecond / (raw / 2);
  const budget = 0.8;
  const pass = ratio >= budget && serverErrors === 0 && doubleBookings === 0 && unicornsLeftBusy === 0;
  return {
    seconds: counters.seconds,
    concurrency,
    ridesPerSecond,
    dispatched,
    serverErrors,
    otherErrors,
    doubleBookings,
    unicornsLeftBusy,
    rawTransactionsPerSecond: raw,
    ratio,
    budget,
    pass,
  };
}

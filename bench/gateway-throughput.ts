// The API through the gateway emulator (HTTP + JWT + v2 event + the real handlers) against the same work calling
// core directly, on the same local stack and DynamoDB Local, interleaved so both meet the same load from the shared
// host: rides/s of the throughput loop (budget ≥ 0.9×, 0 double bookings, 0 5xx), and the emulator's added latency
// per route (reported without a budget: it is development tooling, not what the cloud adds).
import type { Dispatched } from "@wildrydes/core/store/rides";
import { startStack } from "@wildrydes/local/stack";
import { cityFleet, random, writeFleet } from "./dispatch-cost";
import { median, percentile, quick } from "./dynamo";
import { judge, type PhaseResult } from "./figure";
import { startHttpClient } from "./http-client";
import { type Answer, pool, type RideLoopCounts, type RideOps, rideLoop, type Sample, timedOps } from "./ride-loop";

const concurrency = 16;

export async function measureGateway(): Promise<PhaseResult> {
  // No stage throttle (it would turn a load test into 429s) and as many handler invocations at once as the load's
  // concurrency, as Lambda scales out: the direct side has no cap either.
  const stack = await startStack({ web: false, seed: false, throttle: false, concurrency: 2 * concurrency });
  try {
    const { Rides } = await import("@wildrydes/core/store/rides");
    const { RideError } = await import("@wildrydes/core/rules/errors");
    const { newRiders } = await import("@wildrydes/testing/rider-accounts");
    await writeFleet(cityFleet(2_000, 5));
    // Two riders per worker: the ride loop holds one ride while asking for the next.
    const riders = await newRiders(stack.endpoints, 2 * concurrency, "bench");
    const sub = (rider: number) => riders[rider % riders.length]?.sub ?? "";
    const client = startHttpClient({ apiUrl: stack.endpoints.apiUrl, tokens: riders.map((r) => r.accessToken) });
    // What the route would answer: a refusal is a 409, anything else a 500.
    const answer = <T>(call: Promise<T>, ok: (value: T) => Answer) =>
      call.then(ok, (error: unknown) => ({ status: error instanceof RideError ? 409 : 500 }));
    // As the gateway side reads an answer (http-client.ts): a ride without a unicorn yet holds none.
    const booked = ({ ride }: Dispatched) => ({ status: 201, rideId: ride.rideId, unicorn: ride.unicorn?.name });
    const direct: RideOps = {
      request: (rider, trip) => answer(Rides.requestRide(sub(rider), trip), booked),
      cancel: (rider, rideId) => answer(Rides.cancelRide(sub(rider), rideId), () => ({ status: 200 })),
      list: (rider) => answer(Rides.listRides(sub(rider), 20), () => ({ status: 200 })),
    };
    const directOps = timedOps(direct, random(3));

    const [rounds, seconds] = quick ? [2, 4] : [4, 15];
    await client.rides(2, concurrency); // warm both sides (handler import, JIT, sockets)
    await rideLoop(direct, 2, concurrency);
    const [viaGateway, viaCore]: [RideLoopCounts[], RideLoopCounts[]] = [[], []];
    for (let round = 0; round < rounds; round++) {
      viaGateway.push(await client.rides(seconds, concurrency));
      viaCore.push(await rideLoop(direct, seconds, concurrency));
    }
    const rate = (runs: RideLoopCounts[]) => median(runs.map((r) => r.dispatched / r.seconds));
    const sum = (key: keyof RideLoopCounts, runs = viaGateway) => runs.reduce((s, r) => s + r[key], 0);
    const zero = (id: string, label: string, value: number) =>
      judge({ id: `throughput.${id}`, group: "Throughput", label, value, unit: "", budget: { op: "<=", limit: 0 } });
    const figures = [
      judge({
        id: "throughput.rides-per-second",
        group: "Throughput",
        label: `Rides/s through the gateway (request + cancel, ${concurrency} workers, median of ${rounds})`,
        value: rate(viaGateway),
        unit: "rides/s",
        baseline: { label: "the same loop calling core", value: rate(viaCore) },
        budget: { op: ">=", limit: 0.9 },
      }),
      zero("double-bookings", "Double bookings (both sides)", sum("doubleBookings") + sum("doubleBookings", viaCore)),
      zero("5xx", `5xx answers through the gateway (of ${sum("dispatched")} rides)`, sum("serverErrors")),
    ];

    const [perSide, chunk] = quick ? [60, 30] : [400, 100];
    for (const route of ["POST /rides", "GET /rides"] as const) {
      for (const c of [1, concurrency]) {
        await client.chunk(route, c, c * 4);
        await pool(c, (n) => n < c * 4, directOps[route]);
        const [gateway, core]: [Sample[], Sample[]] = [[], []];
        for (let done = 0; done < perSide; done += chunk) {
          gateway.push(...(await client.chunk(route, c, chunk)));
          core.push(...(await pool(c, (n) => n < chunk, directOps[route])));
        }
        const ok = (xs: Sample[]) => xs.filter((x) => x.ok).map((x) => x.ms);
        for (const p of [50, 99]) {
          figures.push(
            judge({
              id: `gateway.${route}.c${c}.p${p}`,
              group: "Gateway emulator (no budget)",
              label: `${route}, ${c} at once, p${p} (${gateway.length - ok(gateway).length} failed)`,
              value: percentile(ok(gateway), p),
              unit: "ms",
              baseline: { label: "core directly", value: percentile(ok(core), p) },
            }),
          );
        }
      }
    }
    await client.stop();
    return { figures };
  } finally {
    await stack.stop();
  }
}

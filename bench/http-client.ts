/**
 * The HTTP side of the API bench in a worker thread, so the load generator's own fetch work does not run on the
 * event loop that serves the gateway and its handlers (a rider's browser is not the server either).
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { type Answer, apiClient } from "@wildrydes/testing/api";
import { random, tripInCity } from "./dispatch-cost";
import { forSeconds, pool, type Sample, timed } from "./load";

export type Route = "POST /rides" | "GET /rides";

export interface ThroughputCounters {
  seconds: number;
  dispatched: number;
  serverErrors: number;
  otherErrors: number;
  doubleBookings: number;
}

interface Setup {
  apiUrl: string;
  tokens: string[];
}

type Ask =
  | { kind: "chunk"; route: Route; concurrency: number; count: number }
  | { kind: "throughput"; seconds: number; concurrency: number };
type Request = Ask & { id: number };

export function startHttpClient(setup: Setup) {
  const worker = new Worker(new URL("./http-client-worker.mjs", import.meta.url), { workerData: setup });
  let nextId = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  worker.on("message", (m: { id: number; value: unknown }) => waiting.get(m.id)?.(m.value));
  const ask = <T>(request: Ask): Promise<T> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve as (value: unknown) => void);
      worker.postMessage({ ...request, id });
    });
  return {
    chunk: (route: Route, concurrency: number, count: number) =>
      ask<Sample[]>({ kind: "chunk", route, concurrency, count }),
    throughput: (seconds: number, concurrency: number) =>
      ask<ThroughputCounters>({ kind: "throughput", seconds, concurrency }),
    stop: () => worker.terminate(),
  };
}

type Reply = Answer<{ rideId?: string; unicorn?: { name: string } }>;

function serve({ apiUrl, tokens }: Setup) {
  const next = random(3);
  const api = apiClient({ apiUrl });
  /** As rider number `rider` (a chunk's worker is its own rider; the throughput run gives each worker two). */
  const call = (rider: number, method: string, path: string, body?: unknown): Promise<Reply> =>
    api(method, path, { token: tokens[rider % tokens.length], body });
  const ops: Record<Route, (w: number) => Promise<Sample>> = {
    "POST /rides": async (w) => {
      const { ms, value } = await timed(() => call(w, "POST", "/rides", tripInCity(next)));
      if (value.body.rideId) await call(w, "POST", `/rides/${value.body.rideId}/cancel`, {});
      return { ms, ok: value.status === 201, error: `HTTP ${value.status}` };
    },
    "GET /rides": async (w) => {
      const { ms, value } = await timed(() => call(w, "GET", "/rides"));
      return { ms, ok: value.status === 200, error: `HTTP ${value.status}` };
    },
  };
  parentPort?.on("message", async (request: Request) => {
    if (request.kind === "chunk") {
      const op = ops[request.route];
      const guarded = (w: number) => op(w).catch((e: Error) => ({ ms: 0, ok: false, error: e.name ?? "Error" }));
      const samples = await pool(request.concurrency, (n) => n < request.count, guarded);
      parentPort?.postMessage({ id: request.id, value: samples });
    } else {
      parentPort?.postMessage({ id: request.id, value: await throughput(call, request.seconds, request.concurrency) });
    }
  });
}

/**
 * Each worker requests a ride, then cancels its previous one, so ~`concurrency` rides are held at any time and a 201
 * for a unicorn whose ride's cancel has not even been sent yet is a certain double booking. A rider has one active
 * ride at most, so each worker alternates between two riders: the one whose ride was just cancelled asks next.
 */
async function throughput(
  call: (rider: number, method: string, path: string, body?: unknown) => Promise<Reply>,
  seconds: number,
  concurrency: number,
): Promise<ThroughputCounters> {
  const next = random(17);
  const held = new Map<string, string>();
  const previous = new Map<number, { rideId: string; name: string; rider: number }>();
  const turns = new Map<number, number>();
  const c = { dispatched: 0, serverErrors: 0, otherErrors: 0, doubleBookings: 0 };
  const count = (status: number | undefined, expected: number) => {
    if (status === undefined || status >= 500) c.serverErrors++;
    else if (status !== expected) c.otherErrors++;
  };
  const release = async (w: number) => {
    const prior = previous.get(w);
    if (!prior) return;
    previous.delete(w);
    if (held.get(prior.name) === prior.rideId) held.delete(prior.name);
    count((await call(prior.rider, "POST", `/rides/${prior.rideId}/cancel`, {}).catch(() => null))?.status, 200);
  };
  const run = await forSeconds(concurrency, seconds, async (w) => {
    const turn = turns.get(w) ?? 0;
    turns.set(w, turn + 1);
    const rider = 2 * w + (turn % 2);
    const ride = await call(rider, "POST", "/rides", tripInCity(next)).catch(() => null);
    count(ride?.status, 201);
    const name = ride?.body.unicorn?.name;
    const rideId = ride?.body.rideId;
    const won = ride?.status === 201 && name && rideId;
    if (won) {
      c.dispatched++;
      if (held.has(name)) c.doubleBookings++;
      held.set(name, rideId);
    }
    // Only now may the previous ride be cancelled: checking after would hide a double booking of its unicorn.
    await release(w);
    if (won) previous.set(w, { rideId, name, rider });
  });
  await Promise.all([...previous.keys()].map(release));
  return { seconds: run.seconds, ...c };
}

if (!isMainThread) serve(workerData as Setup);

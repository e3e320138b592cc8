/**
 * The HTTP side of the gateway bench in a worker thread, so the load generator's own fetch work does not run on the
 * event loop that serves the gateway and its handlers (a rider's browser is not the server either).
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { apiClient } from "@wildrydes/testing/api";
import { random } from "./dispatch-cost";
import { pool, type Sample } from "./load";
import { type RideLoopCounts, type RideOps, type Route, rideLoop, timedOps } from "./ride-loop";

interface Setup {
  apiUrl: string;
  tokens: string[];
}

type Ask =
  | { kind: "chunk"; route: Route; concurrency: number; count: number }
  | { kind: "rides"; seconds: number; concurrency: number };

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
    rides: (seconds: number, concurrency: number) => ask<RideLoopCounts>({ kind: "rides", seconds, concurrency }),
    stop: () => worker.terminate(),
  };
}

function serve({ apiUrl, tokens }: Setup) {
  const next = random(3);
  const api = apiClient({ apiUrl });
  const call = (rider: number, method: string, path: string, body?: unknown) =>
    api<{ rideId?: string; unicorn?: { name: string } }>(method, path, { token: tokens[rider % tokens.length], body });
  const rides: RideOps = {
    async request(rider, trip) {
      const { status, body } = await call(rider, "POST", "/rides", trip);
      return { status, rideId: body.rideId, unicorn: body.unicorn?.name };
    },
    cancel: async (rider, rideId) => ({ status: (await call(rider, "POST", `/rides/${rideId}/cancel`, {})).status }),
    list: async (rider) => ({ status: (await call(rider, "GET", "/rides")).status }),
  };
  const ops = timedOps(rides, next);
  parentPort?.on("message", async (request: Ask & { id: number }) => {
    const guarded = (op: (w: number) => Promise<Sample>) => (w: number) => op(w).catch(() => ({ ms: 0, ok: false }));
    const value =
      request.kind === "chunk"
        ? await pool(request.concurrency, (n) => n < request.count, guarded(ops[request.route]))
        : await rideLoop(rides, request.seconds, request.concurrency);
    parentPort?.postMessage({ id: request.id, value });
  });
}

if (!isMainThread) serve(workerData as Setup);

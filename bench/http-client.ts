// The HTTP side of the gateway bench in a worker thread, so the load generator's own fetch work does not run on the
// event loop that serves the gateway and its handlers (a rider's browser is not the server either).
import { once } from "node:events";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { apiClient } from "@wildrydes/testing/rider-api";
import { random } from "./dispatch-cost";
import { pool, type RideLoopCounts, type RideOps, type Route, rideLoop, type Sample, timedOps } from "./ride-loop";

type Setup = { apiUrl: string; tokens: string[] };

type Ask =
  | { kind: "chunk"; route: Route; concurrency: number; count: number }
  | { kind: "rides"; seconds: number; concurrency: number };

/** Starts the worker; the bench asks it one thing at a time, so each answer is the next message. */
export function startHttpClient(setup: Setup) {
  const worker = new Worker(new URL("./http-client-worker.mjs", import.meta.url), { workerData: setup });
  const ask = async <T>(request: Ask): Promise<T> => {
    worker.postMessage(request);
    return (await once(worker, "message"))[0] as T;
  };
  return {
    chunk: (route: Route, concurrency: number, count: number) =>
      ask<Sample[]>({ kind: "chunk", route, concurrency, count }),
    rides: (seconds: number, concurrency: number) => ask<RideLoopCounts>({ kind: "rides", seconds, concurrency }),
    stop: () => worker.terminate(),
  };
}

function serve({ apiUrl, tokens }: Setup) {
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
  const ops = timedOps(rides, random(3));
  parentPort?.on("message", async (request: Ask) => {
    const guarded = (op: (w: number) => Promise<Sample>) => (w: number) => op(w).catch(() => ({ ms: 0, ok: false }));
    const value =
      request.kind === "chunk"
        ? await pool(request.concurrency, (n) => n < request.count, guarded(ops[request.route]))
        : await rideLoop(rides, request.seconds, request.concurrency);
    parentPort?.postMessage(value);
  });
}

if (!isMainThread) serve(workerData as Setup);

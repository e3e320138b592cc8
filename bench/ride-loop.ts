// The throughput ride loop, the same whether a ride goes through the gateway (http-client.ts) or straight to core
// (gateway-throughput.ts): each worker requests a ride, then cancels its previous one, so ~`concurrency` rides are held at any
// time and a 201 for a unicorn whose ride's cancel has not even been sent yet is a certain double booking. A rider
// has one active ride at most, so each worker alternates between two riders.
import { random, tripInCity } from "./dispatch-cost";

/** One timed request. */
export type Sample = { ms: number; ok: boolean };

/** status: the HTTP status, or what the route would answer for a core call. */
export type Answer = { status: number; rideId?: string; unicorn?: string };

export interface RideOps {
  request(rider: number, trip: ReturnType<typeof tripInCity>): Promise<Answer>;
  cancel(rider: number, rideId: string): Promise<Answer>;
  list(rider: number): Promise<Answer>;
}

export type Route = "POST /rides" | "GET /rides";
export type RideLoopCounts = Awaited<ReturnType<typeof rideLoop>>;

/** A tiny closed-loop load generator: `concurrency` workers each run `op` back to back while `keepGoing`. */
export async function pool<T>(
  concurrency: number,
  keepGoing: (started: number) => boolean,
  op: (w: number) => Promise<T>,
) {
  const results: T[] = [];
  let started = 0;
  const worker = async (id: number) => {
    while (keepGoing(started)) {
      started++;
      results.push(await op(id));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  return results;
}

/** One timed request of a route, its worker its own rider; a ride is cancelled afterwards, untimed. */
export function timedOps(ops: RideOps, next: () => number): Record<Route, (w: number) => Promise<Sample>> {
  const timed = async (call: () => Promise<Answer>) => {
    const started = performance.now();
    const answer = await call();
    return { ms: performance.now() - started, answer };
  };
  return {
    "POST /rides": async (w) => {
      const { ms, answer } = await timed(() => ops.request(w, tripInCity(next)));
      if (answer.rideId) await ops.cancel(w, answer.rideId);
      return { ms, ok: answer.status === 201 };
    },
    "GET /rides": async (w) => {
      const { ms, answer } = await timed(() => ops.list(w));
      return { ms, ok: answer.status === 200 };
    },
  };
}

export async function rideLoop(ops: RideOps, seconds: number, concurrency: number) {
  const next = random(17);
  const held = new Map<string, string>();
  const previous = new Map<number, { rideId: string; unicorn: string; rider: number }>();
  const turns = new Map<number, number>();
  const c = { dispatched: 0, serverErrors: 0, otherErrors: 0, doubleBookings: 0 };
  const count = (status: number, expected: number) => {
    if (status >= 500) c.serverErrors++;
    else if (status !== expected) c.otherErrors++;
  };
  const failed = { status: 599 };
  const release = async (w: number) => {
    const prior = previous.get(w);
    if (!prior) return;
    previous.delete(w);
    if (held.get(prior.unicorn) === prior.rideId) held.delete(prior.unicorn);
    count((await ops.cancel(prior.rider, prior.rideId).catch(() => failed)).status, 200);
  };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await pool(
    concurrency,
    () => performance.now() < deadline,
    async (w) => {
      const turn = turns.get(w) ?? 0;
      turns.set(w, turn + 1);
      const rider = 2 * w + (turn % 2);
      const ride = await ops.request(rider, tripInCity(next)).catch(() => failed as Answer);
      count(ride.status, 201);
      const { unicorn, rideId } = ride;
      const won = ride.status === 201 && unicorn && rideId;
      if (won) {
        c.dispatched++;
        if (held.has(unicorn)) c.doubleBookings++;
        held.set(unicorn, rideId);
      }
      // Only now may the previous ride be cancelled: cancelling first would hide a double booking of its unicorn.
      await release(w);
      if (won) previous.set(w, { rideId, unicorn, rider });
    },
  );
  const took = (performance.now() - started) / 1000;
  await Promise.all([...previous.keys()].map(release));
  return { seconds: took, ...c };
}

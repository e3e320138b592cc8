/** A tiny closed-loop load generator: `concurrency` workers each run `op` back to back until told to stop. */
import { percentile } from "./dynamo";

export interface Sample {
  ms: number;
  ok: boolean;
  /** Why it failed: an HTTP status or an exception's message. */
  error?: string;
}

export async function pool(
  concurrency: number,
  keepGoing: (done: number) => boolean,
  op: (worker: number) => Promise<Sample | null>,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let started = 0;
  const worker = async (id: number) => {
    while (keepGoing(started)) {
      started++;
      const sample = await op(id);
      if (sample) samples.push(sample);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  return samples;
}

/** Runs `op` on `concurrency` workers back to back for `seconds`; returns how many ran and the seconds taken. */
export async function forSeconds(
  concurrency: number,
  seconds: number,
  op: (worker: number) => Promise<void>,
): Promise<{ done: number; seconds: number }> {
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await pool(
    concurrency,
    () => performance.now() < deadline,
    async (w) => {
      await op(w);
      done++;
      return null;
    },
  );
  return { done, seconds: (performance.now() - started) / 1000 };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export interface Percentiles {
  n: number;
  errors: number;
  errorKinds: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
}

export function percentiles(samples: Sample[]): Percentiles {
  const ms = samples.filter((s) => s.ok).map((s) => s.ms);
  return {
    n: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    errorKinds: samples
      .filter((s) => !s.ok)
      .reduce<Record<string, number>>((kinds, s) => {
        const kind = s.error ?? "unknown";
        kinds[kind] = (kinds[kind] ?? 0) + 1;
        return kinds;
      }, {}),
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
  };
}

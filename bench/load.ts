/** A tiny closed-loop load generator: `concurrency` workers each run `op` back to back until told to stop. */
export interface Sample {
  ms: number;
  ok: boolean;
}

export async function pool<T>(
  concurrency: number,
  keepGoing: (started: number) => boolean,
  op: (worker: number) => Promise<T>,
): Promise<T[]> {
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

/** Runs `op` on `concurrency` workers back to back for `seconds`; returns how many ran and the seconds taken. */
export async function forSeconds(concurrency: number, seconds: number, op: (worker: number) => Promise<void>) {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const done = (await pool(concurrency, () => performance.now() < deadline, op)).length;
  return { done, seconds: (performance.now() - started) / 1000 };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

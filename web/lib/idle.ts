/** Ways to keep long work off the critical path, so no single task blocks a tap for long. */

/** Runs `work` when the browser is idle (or after `timeout` ms at the latest); returns a cancel function. */
export function whenIdle(work: () => void, timeout = 1000): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const handle = window.requestIdleCallback(work, { timeout });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = window.setTimeout(work, 50);
  return () => window.clearTimeout(timer);
}

/** Resolves with `value` in a later task: splits evaluating a big module from rendering what it exports. */
export function inNextTask<T>(value: T): Promise<T> {
  return new Promise((resolve) => window.setTimeout(() => resolve(value), 0));
}

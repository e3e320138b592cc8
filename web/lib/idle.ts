/** Ways to keep long work off the critical path, so no single task blocks a tap for long. */
import { useEffect, useState } from "react";

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

/**
 * Counts from 1 up to `parts`, a step per idle slice: a long view drawn a part at a time, so each part's render and
 * layout is a task of its own. Only the first drawing unfolds; the count stays at `parts` after that.
 */
export function useUnfolding(parts: number): number {
  const [shown, setShown] = useState(1);
  useEffect(() => {
    if (shown >= parts) return;
    return whenIdle(() => setShown((n) => n + 1));
  }, [shown, parts]);
  return shown;
}

/**
 * The dashboard's data: GET /ops/metrics for the chosen range, read again when the operator asks and every 30 s while
 * the page is visible (a hidden tab reads nothing, and reads at once on coming back if its data is older than that).
 * A preset slides with the clock: each read asks for the last N up to now. Only the newest read lands; a read that
 * fails keeps what is on screen and says so.
 */
import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import { type ApiProblem, asProblem } from "../api-client";
import { opsMetrics } from "../ops-api";
import type { OpsMetrics } from "./metrics";
import { type Bucket, defaultBucket, type Range, type RangeChoice, resolveRange } from "./range";

export const autoRefreshMs = 30_000;

export type ReadKind = "first" | "manual" | "auto";

export interface MetricsState {
  metrics: OpsMetrics | null;
  /** The range and bucket `metrics` answer. */
  range: Range | null;
  bucket: Bucket | null;
  loading: ReadKind | null;
  problem: ApiProblem | null;
  /** When the last read ended, either way: the next automatic one is due `autoRefreshMs` after it. */
  settledAt: number | null;
  /** Counts reads that landed after the operator asked, for a polite "Updated" (auto reads stay quiet). */
  manualUpdates: number;
}

const initial: MetricsState = {
  metrics: null,
  range: null,
  bucket: null,
  loading: "first",
  problem: null,
  settledAt: null,
  manualUpdates: 0,
};

export function useOpsMetrics(choice: RangeChoice, bucketChoice: Bucket | null, enabled = true) {
  const [state, setState] = useState<MetricsState>(initial);
  const reads = useRef(0);
  const busy = useRef(false);

  const load = useCallback(
    async (kind: ReadKind) => {
      if (kind === "auto" && busy.current) return;
      const mine = ++reads.current;
      busy.current = true;
      const range = resolveRange(choice, Date.now());
      const bucket = bucketChoice ?? defaultBucket(range);
      setState((s) => ({ ...s, loading: kind, problem: kind === "auto" ? s.problem : null }));
      try {
        const metrics = await opsMetrics(range, bucket);
        if (mine !== reads.current) return;
        const settledAt = Date.now();
        // A transition: React renders the dashboard in slices, not in one long task that would block a tap.
        startTransition(() =>
          setState((s) => ({
            metrics,
            range,
            bucket,
            loading: null,
            problem: null,
            settledAt,
            manualUpdates: s.manualUpdates + (kind === "manual" ? 1 : 0),
          })),
        );
      } catch (error) {
        if (mine !== reads.current) return;
        setState((s) => ({ ...s, loading: null, problem: asProblem(error), settledAt: Date.now() }));
      } finally {
        if (mine === reads.current) busy.current = false;
      }
    },
    [choice, bucketChoice],
  );

  // A new range or bucket is read at once.
  useEffect(() => {
    if (enabled) void load("first");
  }, [load, enabled]);

  // The next automatic read: 30 s after the last one ended, only while the page is visible.
  const { settledAt } = state;
  useEffect(() => {
    if (!enabled || settledAt === null) return;
    let timer: number | undefined;
    const arm = () => {
      window.clearTimeout(timer);
      if (document.visibilityState !== "visible") return;
      timer = window.setTimeout(() => void load("auto"), Math.max(0, settledAt + autoRefreshMs - Date.now()));
    };
    arm();
    document.addEventListener("visibilitychange", arm);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", arm);
    };
  }, [settledAt, load, enabled]);

  const refresh = useCallback(() => void load("manual"), [load]);
  return { ...state, refresh };
}

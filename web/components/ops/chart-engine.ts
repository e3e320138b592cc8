/**
 * What the dashboard asks of a chart library, so the library is one module loaded on demand (uplot-chart.ts, chosen
 * by measured size in docs/decisions/0021-ops-charts.md) and the panels around it stay the page's own React.
 */
import type { ChartData } from "../../lib/ops/metrics";

export type ChartKind = "stacked" | "line";

export interface ChartSpec {
  data: ChartData;
  kind: ChartKind;
  height: number;
  /** What the y axis counts, for ticks at round steps of it: whole rides, dollars, or seconds (as minutes beyond two). */
  yUnit: "count" | "dollars" | "seconds";
  formatY: (value: number) => string;
  formatX: (start: number) => string;
  /** The bucket under the pointer (or the keyboard's), null when none. */
  onIndex: (index: number | null) => void;
}

export interface ChartHandle {
  setWidth: (width: number) => void;
  /** Shows the cursor on a bucket, as the pointer would (the keyboard's way through the chart); null hides it. */
  showIndex: (index: number | null) => void;
  destroy: () => void;
}

export type CreateChart = (container: HTMLElement, spec: ChartSpec, width: number) => ChartHandle;

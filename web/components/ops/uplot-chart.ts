/**
 * The dashboard's charts drawn by uPlot (docs/decisions/0021-ops-charts.md): rides stacked by outcome as bars, revenue
 * and pickup waits as lines. Loaded only by the operator's page, after its first paint (components/ops/ChartPanel.tsx).
 * The x axis is the bucket's index, so bars sit evenly whatever the clock does; the panel names the buckets.
 * uPlot styles its elements through the CSSOM, which the site's CSP (style-src 'self') allows.
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { maxOf, stacked, tickIndexes } from "../../lib/ops/metrics";
import type { ChartHandle, ChartSpec, CreateChart } from "./chart-engine";

const ink = "#4f4863";
const grid = "#e6e2ef";
const font = "12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
/** Room for one bucket's name on the x axis, in CSS px. */
const TICK_ROOM = 84;
const counts = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];
/** Ticks at whole steps of the axis's unit: rides, dollars (cents below $1), and 15 s to an hour for waits. */
const steps: Record<ChartSpec["yUnit"], number[]> = {
  count: counts,
  dollars: [0.01, 0.05, 0.1, 0.25, 0.5, ...counts],
  seconds: [5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200],
};

export const createChart: CreateChart = (container: HTMLElement, spec: ChartSpec, width: number): ChartHandle => {
  const { data, kind } = spec;
  const count = data.x.length;
  const xs = data.x.map((_, i) => i);
  // Stacked bars: each series drawn from 0 to its running total, the whole stack first, so each one drawn after it
  // paints over all but its own slice.
  const sums = kind === "stacked" ? stacked(data.series) : null;
  const order = data.series.map((_, i) => i);
  if (sums) order.reverse();
  const ys = order.map((i) => (sums ? (sums[i] ?? []) : (data.series[i]?.values ?? [])));
  const top = maxOf(ys);
  const bars = uPlot.paths.bars?.({ size: [0.75, 48], gap: 1 });

  const series: uPlot.Series[] = order.map((i) => {
    const s = data.series[i];
    const colour = s?.colour ?? ink;
    return sums
      ? { label: s?.label, fill: colour, stroke: colour, width: 0, paths: bars, points: { show: false } }
      : { label: s?.label, stroke: colour, width: 2, spanGaps: false, points: { show: count <= 60, size: 6 } };
  });

  const options: uPlot.Options = {
    width,
    height: spec.height,
    legend: { show: false },
    cursor: {
      y: false,
      drag: { x: false, y: false, setScale: false },
      points: { show: !sums },
    },
    scales: {
      x: { time: false, range: () => [-0.5, count - 0.5] },
      y: { range: () => [0, top > 0 ? top * 1.1 : 1] },
    },
    axes: [
      {
        stroke: ink,
        font,
        size: 40,
        grid: { show: false },
        ticks: { stroke: grid },
        splits: (u) => tickIndexes(count, Math.floor(u.width / TICK_ROOM)),
        values: (_u, splits) => splits.map((i) => (data.x[i] === undefined ? "" : spec.formatX(data.x[i] as number))),
      },
      {
        stroke: ink,
        font,
        size: 64,
        grid: { stroke: grid, width: 1 },
        ticks: { show: false },
        incrs: steps[spec.yUnit],
        values: (_u, splits) => splits.map((v) => spec.formatY(v)),
      },
    ],
    series: [{}, ...series],
    hooks: { setCursor: [(u) => spec.onIndex(u.cursor.idx ?? null)] },
  };

  const chart = new uPlot(options, [xs, ...ys] as uPlot.AlignedData, container);
  // The panel's table and readout say what the canvas shows.
  chart.root.setAttribute("aria-hidden", "true");

  return {
    setWidth: (next) => chart.setSize({ width: next, height: spec.height }),
    showIndex: (index) => {
      if (index === null) chart.setCursor({ left: -10, top: -10 });
      else chart.setCursor({ left: chart.valToPos(index, "x"), top: chart.bbox.height / uPlot.pxRatio / 2 });
    },
    destroy: () => chart.destroy(),
  };
};

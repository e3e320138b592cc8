/**
 * GET /ops/metrics as the dashboard reads it (issue 23's contract), and the pure shaping of its answer for the charts,
 * tables and heat map: buckets the API left out filled with zeros, outcomes stacked, cents as dollars, unicorns
 * sorted, pickup cells sized and coloured. Nothing here touches the DOM or a chart library (metrics.test.ts).
 */
import type { Money, OpsMetrics } from "@wildrydes/core/rules/api-shapes";
import type { Location } from "@wildrydes/core/rules/geo";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import type { Bounds } from "../map/camera";
import { type Bucket, bucketMs, type Range } from "./range";

// One definition of the answer: core's (type-only, so no schema code reaches the bundle).
export type { OpsMetrics };
export type SeriesPoint = OpsMetrics["series"][number];
/** A bucket's counters, or the range's: requested in it, ended in it (three ways), and what the ended rides charged. */
export type Counters = OpsMetrics["totals"];
export type UnicornMetrics = OpsMetrics["unicorns"][number];
export type PickupCell = OpsMetrics["pickups"][number];

const zeroMoney: Money = { amount: 0, currency: "USD" };

/** A bucket with nothing in it. */
export function emptyPoint(start: number): SeriesPoint {
  return {
    start: new Date(start).toISOString(),
    requested: 0,
    completed: 0,
    cancelled: 0,
    noShows: 0,
    revenue: zeroMoney,
    pickupWaitSeconds: { p50: null, p90: null },
  };
}

/** No ride requested or ended in the range: the page says so instead of drawing empty charts. */
export function isEmpty(metrics: OpsMetrics): boolean {
  const { requested, completed, cancelled, noShows } = metrics.totals;
  return requested + completed + cancelled + noShows === 0 && metrics.series.every((p) => p.requested === 0);
}

/** More buckets than any range the API takes holds (31 days by the hour is 744): a guard against a runaway loop. */
const MAX_BUCKETS = 2_000;

/**
 * Every bucket of the range, in order: the API's points as they are, and a zero for each bucket it left out. The API
 * sends every bucket (UTC hours or days, from the one holding `from` to the one holding `to`'s last millisecond), so
 * this is a guard: the charts never close up a gap in time. The buckets follow the API's own edges, or whole UTC hours
 * and days when it sent none.
 */
export function fillSeries(series: readonly SeriesPoint[], bucket: Bucket, range: Range): SeriesPoint[] {
  const step = bucketMs[bucket];
  const byStart = new Map<number, SeriesPoint>();
  for (const point of series) {
    const start = Date.parse(point.start);
    if (!Number.isNaN(start)) byStart.set(start, point);
  }
  const [anchor] = byStart.keys();
  const offset = anchor === undefined ? 0 : ((anchor % step) + step) % step;
  const from = range.from.getTime();
  const to = range.to.getTime();
  const starts = new Set(byStart.keys());
  let t = Math.floor((from - offset) / step) * step + offset;
  for (let n = 0; t < to && n < MAX_BUCKETS; n++, t += step) starts.add(t);
  return [...starts].sort((a, b) => a - b).map((start) => byStart.get(start) ?? emptyPoint(start));
}

/**
 * A bucket's requests beyond the rides that ended in it: the API counts a ride's request in the bucket it was requested
 * in and its outcome in the one it ended in, so this is what is still under way or ended later (never below zero,
 * when rides requested earlier end in it). Rides take minutes, so it is close to the bucket's open requests.
 */
export const stillRequested = (p: Counters) => Math.max(0, p.requested - p.completed - p.cancelled - p.noShows);

export type Outcome = "completed" | "cancelled" | "noShows" | "open";

/** The outcomes as the rides chart stacks them, bottom up, with the palette's colour for each. */
export const outcomes: ReadonlyArray<{ key: Outcome; label: string; colour: string }> = [
  { key: "completed", label: "Completed", colour: "#1e6b3a" },
  { key: "cancelled", label: "Cancelled", colour: "#8a8499" },
  { key: "noShows", label: "No-show", colour: "#c2185b" },
  { key: "open", label: "Still requested", colour: "#9d86c9" },
];

const outcomeOf = (p: Counters, key: Outcome) => (key === "open" ? stillRequested(p) : p[key]);

/** One chart's data, library-free: x is each bucket's start (ms), each series one value per bucket (null: none). */
export interface ChartSeries {
  label: string;
  colour: string;
  values: Array<number | null>;
}

export interface ChartData {
  bucket: Bucket;
  x: number[];
  series: ChartSeries[];
}

const startsOf = (series: readonly SeriesPoint[]) => series.map((p) => Date.parse(p.start));

/** Rides per bucket by outcome, bottom of the stack first. */
export function ridesChart(series: readonly SeriesPoint[], bucket: Bucket): ChartData {
  return {
    bucket,
    x: startsOf(series),
    series: outcomes.map(({ key, label, colour }) => ({ label, colour, values: series.map((p) => outcomeOf(p, key)) })),
  };
}

/** Revenue per bucket, in dollars. */
export function revenueChart(series: readonly SeriesPoint[], bucket: Bucket): ChartData {
  return {
    bucket,
    x: startsOf(series),
    series: [{ label: "Revenue", colour: "#4b2a84", values: series.map((p) => p.revenue.amount / 100) }],
  };
}

/** Pickup waits per bucket, median and 90th percentile, in seconds; a bucket without pickups has none (a gap). */
export function waitChart(series: readonly SeriesPoint[], bucket: Bucket): ChartData {
  return {
    bucket,
    x: startsOf(series),
    series: [
      { label: "Median (p50)", colour: "#0b57d0", values: series.map((p) => p.pickupWaitSeconds.p50) },
      { label: "90th percentile (p90)", colour: "#b3261e", values: series.map((p) => p.pickupWaitSeconds.p90) },
    ],
  };
}

/**
 * The series' values as stacked bars draw them: each the running total of those below it, so the last is the bar's
 * whole height. Missing values count as 0.
 */
export function stacked(series: readonly ChartSeries[]): number[][] {
  const sums: number[][] = [];
  series.forEach((s, i) => {
    sums.push(s.values.map((v, j) => (v ?? 0) + (i === 0 ? 0 : (sums[i - 1]?.[j] ?? 0))));
  });
  return sums;
}

/** The largest value of any series (0 for none): the charts' y scale starts at 0 and reaches past it. */
export function maxOf(rows: ReadonlyArray<ReadonlyArray<number | null>>): number {
  let max = 0;
  for (const row of rows) for (const v of row) if (v !== null && v > max) max = v;
  return max;
}

/** Which buckets name an axis tick: every nth, so about `room` names fit (the first bucket always). */
export function tickIndexes(count: number, room: number): number[] {
  if (count <= 0) return [];
  const every = Math.max(1, Math.ceil(count / Math.max(1, room)));
  const ticks: number[] = [];
  for (let i = 0; i < count; i += every) ticks.push(i);
  return ticks;
}

/** The bucket that peaked in a series, for the chart's one-line summary; null when every value is 0 or missing. */
export function peakOf(values: ReadonlyArray<number | null>): { index: number; value: number } | null {
  let best: { index: number; value: number } | null = null;
  values.forEach((value, index) => {
    if (value !== null && value > 0 && (!best || value > best.value)) best = { index, value };
  });
  return best;
}

export type UnicornSortKey = "name" | "rides" | "revenue" | "busySeconds";
export type SortDirection = "ascending" | "descending";

export interface UnicornRow extends UnicornMetrics {
  name: string;
}

/** The roster's names by unicornId: the API names unicorns by id, operators by name. */
const names = new Map(seattleFleet.map((u) => [u.unicornId, u.name]));

/** The API's unicorns with a name to show: the roster's, else the id itself (a unicorn added since). */
export function unicornRows(unicorns: readonly UnicornMetrics[]): UnicornRow[] {
  return unicorns.map((u) => ({ ...u, name: names.get(u.unicornId) ?? u.unicornId }));
}

/**
 * The unicorns' rows sorted by one column; ties keep the name order, so the table does not shuffle on a refresh.
 * Names compare as words ("unicorn 2" before "unicorn 10").
 */
export function sortUnicorns(rows: readonly UnicornRow[], key: UnicornSortKey, direction: SortDirection): UnicornRow[] {
  const byName = (a: UnicornRow, b: UnicornRow) => a.name.localeCompare(b.name, undefined, { numeric: true });
  const value = (row: UnicornRow) => (key === "revenue" ? row.revenue.amount : key === "name" ? 0 : row[key]);
  const sign = direction === "ascending" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const order = key === "name" ? byName(a, b) : value(a) - value(b);
    return order === 0 ? byName(a, b) : sign * order;
  });
}

/** The direction a column sorts in first: names A to Z, figures the largest first. */
export const firstDirection = (key: UnicornSortKey): SortDirection => (key === "name" ? "ascending" : "descending");

/** The heat map's palette, from few rides to many (light to dark, so it reads in greys too). */
export const heatPalette = ["#fde8a6", "#f9b366", "#ee7b4a", "#c94557", "#8c1d5f"] as const;

export interface HeatCell extends PickupCell {
  /** 0 (fewest rides of the range) to 1 (most). */
  intensity: number;
  radius: number;
  colour: string;
}

/**
 * Pickup cells as the heat map draws them: a circle whose area grows with the rides (radius by the square root,
 * between `minRadius` and `maxRadius` px) and whose colour darkens with them. Busiest last, so drawn on top.
 */
export function heatCells(pickups: readonly PickupCell[], minRadius = 6, maxRadius = 26): HeatCell[] {
  const max = pickups.reduce((m, p) => Math.max(m, p.rides), 0);
  return pickups
    .filter((p) => p.rides > 0)
    .map((p) => {
      const intensity = max > 0 ? p.rides / max : 0;
      const step = Math.min(heatPalette.length - 1, Math.floor(intensity * heatPalette.length));
      return {
        ...p,
        intensity,
        radius: minRadius + (maxRadius - minRadius) * Math.sqrt(intensity),
        colour: heatPalette[step] as string,
      };
    })
    .sort((a, b) => a.rides - b.rides);
}

/** Bounds around the pickups, or null for none: the heat map fits them. */
export function pickupBounds(pickups: readonly Location[]): Bounds | null {
  if (pickups.length === 0) return null;
  const lats = pickups.map((p) => p.latitude);
  const lngs = pickups.map((p) => p.longitude);
  return [
    [Math.min(...lngs), Math.min(...lats)],
    [Math.max(...lngs), Math.max(...lats)],
  ];
}

/** Shaping GET /ops/metrics for the dashboard: gaps filled, outcomes stacked, unicorns sorted, pickups sized. */
import { describe, expect, it } from "vitest";
import {
  emptyPoint,
  fillSeries,
  heatCells,
  heatPalette,
  isEmpty,
  type OpsMetrics,
  peakOf,
  pickupBounds,
  revenueChart,
  ridesChart,
  type SeriesPoint,
  sortUnicorns,
  stacked,
  stillRequested,
  tickIndexes,
  unicornRows,
  waitChart,
} from "./metrics";

const HOUR = 3_600_000;
const usd = (amount: number) => ({ amount, currency: "USD" as const });
const t0 = Date.parse("2026-03-10T00:00:00.000Z");

function point(hours: number, counts: Partial<SeriesPoint> = {}): SeriesPoint {
  return { ...emptyPoint(t0 + hours * HOUR), ...counts };
}

const day = { from: new Date(t0), to: new Date(t0 + 24 * HOUR) };

describe("fillSeries", () => {
  it("gives every bucket of the range, zeros where the API sent none", () => {
    const filled = fillSeries([point(3, { requested: 2 }), point(1, { requested: 5 })], "hour", day);
    expect(filled).toHaveLength(24);
    expect(filled.map((p) => p.requested).slice(0, 5)).toEqual([0, 5, 0, 2, 0]);
    expect(filled[0]).toEqual(emptyPoint(t0));
    expect(filled.at(-1)?.start).toBe("2026-03-10T23:00:00.000Z");
  });

  it("starts with the bucket the range's start falls in, and follows the API's own bucket edges", () => {
    const range = { from: new Date(t0 + 90 * 60_000), to: new Date(t0 + 4 * HOUR) };
    expect(fillSeries([], "hour", range).map((p) => p.start)).toEqual([
      "2026-03-10T01:00:00.000Z",
      "2026-03-10T02:00:00.000Z",
      "2026-03-10T03:00:00.000Z",
    ]);
    // Buckets on the half hour (an API that buckets from `from`): the zeros fall on the same edges.
    const half = { ...emptyPoint(t0 + 90 * 60_000), requested: 1 };
    expect(fillSeries([half], "hour", range).map((p) => p.start.slice(11, 16))).toEqual(["01:30", "02:30", "03:30"]);
  });

  it("keeps what the API said as it said it, and is the API's series when nothing is missing", () => {
    const full = Array.from({ length: 24 }, (_, h) => point(h, { requested: h }));
    expect(fillSeries(full, "hour", day)).toEqual(full);
  });

  it("fills days as well", () => {
    const week = { from: new Date(t0), to: new Date(t0 + 7 * 24 * HOUR) };
    expect(fillSeries([], "day", week)).toHaveLength(7);
  });
});

describe("the rides chart", () => {
  const busy = point(0, { requested: 10, completed: 5, cancelled: 2, noShows: 1 });

  it("stacks completed, cancelled, no-shows and those still requested, in that order", () => {
    const chart = ridesChart([busy, point(1)], "hour");
    expect(chart.x).toEqual([t0, t0 + HOUR]);
    expect(chart.series.map((s) => s.label)).toEqual(["Completed", "Cancelled", "No-show", "Still requested"]);
    expect(chart.series.map((s) => s.values[0])).toEqual([5, 2, 1, 2]);
    expect(stacked(chart.series).map((row) => row[0])).toEqual([5, 7, 8, 10]);
  });

  it("never counts fewer than none still requested (outcomes of rides requested before the range)", () => {
    expect(stillRequested(point(0, { requested: 1, completed: 3 }))).toBe(0);
  });

  it("stacks missing values as nothing", () => {
    const series = [
      { label: "a", colour: "", values: [1, null] },
      { label: "b", colour: "", values: [null, 2] },
    ];
    expect(stacked(series)).toEqual([
      [1, 0],
      [1, 2],
    ]);
  });
});

describe("revenue and waits", () => {
  it("read cents as dollars", () => {
    expect(revenueChart([point(0, { revenue: usd(1234) })], "hour").series[0]?.values).toEqual([12.34]);
  });

  it("keep a bucket without pickups as a gap, not a zero wait", () => {
    const chart = waitChart(
      [
        point(0, { pickupWaitSeconds: { p50: 60, p90: 150 } }),
        point(1, { pickupWaitSeconds: { p50: null, p90: null } }),
      ],
      "hour",
    );
    expect(chart.series.map((s) => s.values)).toEqual([
      [60, null],
      [150, null],
    ]);
  });

  it("find the peak, if anything peaked", () => {
    expect(peakOf([0, 3, null, 7, 7])).toEqual({ index: 3, value: 7 });
    expect(peakOf([0, null])).toBeNull();
  });
});

describe("isEmpty", () => {
  const metrics = (requested: number): OpsMetrics => ({
    from: day.from.toISOString(),
    to: day.to.toISOString(),
    bucket: "hour",
    series: [point(0, { requested })],
    totals: { requested, completed: 0, cancelled: 0, noShows: 0, revenue: usd(0) },
    unicorns: [],
    pickups: [],
    asOf: day.from.toISOString(),
  });

  it("holds only when no ride was requested or ended", () => {
    expect(isEmpty(metrics(0))).toBe(true);
    expect(isEmpty(metrics(1))).toBe(false);
    const ended = metrics(0);
    ended.totals.completed = 1;
    expect(isEmpty(ended)).toBe(false);
  });
});

describe("axis ticks", () => {
  it("name every bucket when they fit, every nth when they don't", () => {
    expect(tickIndexes(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(tickIndexes(24, 8)).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
    expect(tickIndexes(24, 0)).toHaveLength(1);
    expect(tickIndexes(0, 8)).toEqual([]);
  });
});

describe("the unicorns' table", () => {
  const rows = unicornRows([
    { unicornId: "shadowfax", rides: 4, revenue: usd(900), busySeconds: 600 },
    { unicornId: "bucephalus", rides: 9, revenue: usd(500), busySeconds: 1200 },
    { unicornId: "unicorn-new", rides: 4, revenue: usd(2000), busySeconds: 60 },
  ]);

  it("names unicorns from the roster, or by id when it is not on it", () => {
    expect(rows.map((r) => r.name)).toEqual(["Shadowfax", "Bucephalus", "unicorn-new"]);
  });

  it("sorts by any column either way, ties by name", () => {
    const names = (key: Parameters<typeof sortUnicorns>[1], direction: Parameters<typeof sortUnicorns>[2]) =>
      sortUnicorns(rows, key, direction).map((r) => r.name);
    expect(names("rides", "descending")).toEqual(["Bucephalus", "Shadowfax", "unicorn-new"]);
    expect(names("rides", "ascending")).toEqual(["Shadowfax", "unicorn-new", "Bucephalus"]);
    expect(names("revenue", "descending")).toEqual(["unicorn-new", "Shadowfax", "Bucephalus"]);
    expect(names("busySeconds", "ascending")).toEqual(["unicorn-new", "Shadowfax", "Bucephalus"]);
    expect(names("name", "ascending")).toEqual(["Bucephalus", "Shadowfax", "unicorn-new"]);
    expect(names("name", "descending")).toEqual(["unicorn-new", "Shadowfax", "Bucephalus"]);
  });

  it("leaves the rows it was given as they were", () => {
    sortUnicorns(rows, "revenue", "ascending");
    expect(rows[0]?.unicornId).toBe("shadowfax");
  });
});

describe("the pickup heat map", () => {
  const cell = (id: string, rides: number, latitude = 47.61, longitude = -122.33) => ({
    cell: id,
    latitude,
    longitude,
    rides,
  });

  it("sizes circles by the square root of rides, so area follows rides, and darkens them", () => {
    const cells = heatCells([cell("a", 100), cell("b", 25), cell("c", 1)], 6, 26);
    expect(cells.map((c) => c.cell)).toEqual(["c", "b", "a"]);
    const [few, quarter, most] = cells;
    expect(most?.radius).toBe(26);
    expect(quarter?.radius).toBe(16);
    expect(few?.radius).toBeCloseTo(8, 5);
    expect(most?.colour).toBe(heatPalette.at(-1));
    expect(few?.colour).toBe(heatPalette[0]);
    expect(most?.intensity).toBe(1);
  });

  it("leaves out cells without rides", () => {
    expect(heatCells([cell("a", 0)])).toEqual([]);
  });

  it("fits the cells", () => {
    expect(pickupBounds([])).toBeNull();
    expect(pickupBounds([cell("a", 1, 47.6, -122.4), cell("b", 1, 47.7, -122.3)])).toEqual([
      [-122.4, 47.6],
      [-122.3, 47.7],
    ]);
  });
});

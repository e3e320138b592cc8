/**
 * The lake's queries (./queries.ts) on DuckDB over a fixture lake whose answers are worked out by hand below: a
 * handful of rides on 2026-03-01 (UTC), each as the changes the stream stored, one change delivered twice (in two
 * files), changes of one ride at the same millisecond, rows in partitions the range must not read. The main lake is
 * Parquet files in Hive partitions (`ride_changes/dt=YYYY-MM-DD/*.parquet`), read as the local Athena stand-in reads
 * them; the percentile cases use a table made in memory from VALUES.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import geohash from "ngeohash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpsMetricsSchema } from "../rules/api-shapes";
import { lakeMetrics, type MetricsRange, metricsQueries, partitionDays, type ResultRow } from "./queries";
import { type RideChangeRow, rideChangeColumns } from "./ride-change";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const day0 = Date.UTC(2026, 2, 1); // 2026-03-01T00:00:00Z
/** A time on 2026-03-01: at(10, 5) is 10:05:00Z. */
const at = (hours: number, minutes = 0, seconds = 0) => day0 + hours * H + minutes * M + seconds * S;
const usd = (amount: number) => ({ amount, currency: "USD" });

const pikePlace = { lat: 47.6097, lon: -122.3422 }; // cell c23nb5
const spaceNeedle = { lat: 47.6205, lon: -122.3493 }; // cell c22yzv
const campus = { lat: 47.6553, lon: -122.3035 }; // cell c23p0g

interface Ride {
  id: string;
  unicorn: string | null;
  requested: number;
  accepted?: number;
  arrives?: number;
  pickup: { lat: number; lon: number };
}

/** A stored change of `ride`: its whole item at that moment, as the stream delivered it. */
function change(
  ride: Ride,
  eventId: string,
  eventMs: number,
  state: Partial<RideChangeRow> & { status: string },
  dt = new Date(eventMs).toISOString().slice(0, 10),
): RideChangeRow {
  return {
    event_id: eventId,
    event_ms: eventMs,
    ride_id: ride.id,
    rider_id: `rider-${ride.id}`,
    unicorn_id: ride.unicorn,
    cancel_reason: null,
    requested_ms: ride.requested,
    accepted_ms: ride.accepted ?? (ride.unicorn ? ride.requested : null),
    arrives_ms: ride.arrives ?? null,
    boarded_ms: null,
    ended_ms: null,
    fare_cents: 1500,
    charged_cents: null,
    pickup_lat: ride.pickup.lat,
    pickup_lon: ride.pickup.lon,
    pickup_cell: geohash.encode(ride.pickup.lat, ride.pickup.lon, 6),
    dt,
    ...state,
  };
}

// The rides. Waits are arrives − requested; "busy" is (ended, or now) − accepted.
const A: Ride = { id: "A", unicorn: "aurora", requested: at(10, 5), arrives: at(10, 7), pickup: pikePlace }; // 120 s
const B: Ride = { id: "B", unicorn: "aurora", requested: at(10, 30), arrives: at(10, 34), pickup: pikePlace }; // 240 s
const C: Ride = { id: "C", unicorn: "blaze", requested: at(10, 50), arrives: at(10, 51), pickup: pikePlace }; // 60 s
const D: Ride = { id: "D", unicorn: "blaze", requested: at(11, 10), arrives: at(11, 16), pickup: spaceNeedle }; // 360 s
const E: Ride = { id: "E", unicorn: null, requested: at(11, 20), pickup: spaceNeedle }; // no unicorn accepted
const F: Ride = {
  id: "F",
  unicorn: "cirrus",
  requested: at(12, 0),
  accepted: at(12, 0, 10),
  arrives: at(12, 3), // 180 s
  pickup: spaceNeedle,
};
const G: Ride = { id: "G", unicorn: "blaze", requested: at(9, 55), arrives: at(9, 58), pickup: campus }; // 180 s
const Hr: Ride = { id: "H", unicorn: "aurora", requested: at(12, 50), arrives: at(12, 52), pickup: campus }; // 120 s
const I: Ride = { id: "I", unicorn: "aurora", requested: at(8, 0), arrives: at(8, 4), pickup: campus }; // 240 s
const K: Ride = { id: "K", unicorn: "aurora", requested: at(10, 15), arrives: at(10, 16), pickup: campus };
const Mr: Ride = { id: "M", unicorn: null, requested: at(0, 0, 0.2), pickup: campus };
const Nr: Ride = { id: "N", unicorn: "aurora", requested: at(96 + 10), arrives: at(96 + 11), pickup: campus };

/** The lake's rows, in the partitions they were stored in. */
const lake: RideChangeRow[] = [
  // A: completed in the 10:00 bucket, charged 1500, then rated. Its first change was delivered twice.
  change(A, "a1", at(10, 5), { status: "EN_ROUTE" }),
  change(A, "a2", at(10, 8), { status: "IN_PROGRESS", boarded_ms: at(10, 8) }),
  change(A, "a3", at(10, 20, 30), {
    status: "COMPLETED",
    boarded_ms: at(10, 8),
    ended_ms: at(10, 20),
    charged_cents: 1500,
  }),
  change(A, "a4", at(10, 25), {
    status: "COMPLETED",
    boarded_ms: at(10, 8),
    ended_ms: at(10, 20),
    charged_cents: 1500,
  }),
  // B: a no-show at 10:40, the 500 fee.
  change(B, "b1", at(10, 30), { status: "EN_ROUTE" }),
  change(B, "b2", at(10, 40, 10), { status: "NO_SHOW", ended_ms: at(10, 40), charged_cents: 500 }),
  // C: cancelled free at 10:52; a change of the same millisecond that took it less far (and sorts after by id).
  change(C, "c1", at(10, 50), { status: "EN_ROUTE" }),
  change(C, "c2", at(10, 52), { status: "CANCELLED", cancel_reason: "RIDER", ended_ms: at(10, 52), charged_cents: 0 }),
  change(C, "c9", at(10, 52), { status: "EN_ROUTE" }),
  // D: requested at 11:10, completed at 12:05 (the 12:00 bucket), 2500.
  change(D, "d1", at(11, 10), { status: "EN_ROUTE" }),
  change(D, "d2", at(11, 17), { status: "IN_PROGRESS", boarded_ms: at(11, 17) }),
  change(D, "d3", at(12, 5, 40), {
    status: "COMPLETED",
    boarded_ms: at(11, 17),
    ended_ms: at(12, 5),
    charged_cents: 2500,
  }),
  // E: no unicorn accepted; cancelled at 11:21, charged 0.
  change(E, "e1", at(11, 20), { status: "DISPATCHING" }),
  change(E, "e2", at(11, 21), {
    status: "CANCELLED",
    cancel_reason: "NO_UNICORN_ACCEPTED",
    ended_ms: at(11, 21),
    charged_cents: 0,
  }),
  // F: offered, accepted by crewed cirrus at 12:00:10, boarded, still flying.
  change({ ...F, unicorn: null, accepted: undefined, arrives: undefined }, "f1", at(12, 0), { status: "DISPATCHING" }),
  change(F, "f2", at(12, 0, 10), { status: "EN_ROUTE" }),
  change(F, "f3", at(12, 4), { status: "IN_PROGRESS", boarded_ms: at(12, 4) }),
  // G: requested before the range (09:55), completed in it (10:10), 1000.
  change(G, "g1", at(9, 55), { status: "EN_ROUTE" }),
  change(G, "g2", at(10, 10, 5), { status: "COMPLETED", ended_ms: at(10, 10), charged_cents: 1000 }),
  // H: requested in the range (12:50), completed after it (13:10), 900, rated at 13:40: the lake's newest change.
  change(Hr, "h1", at(12, 50), { status: "EN_ROUTE" }),
  change(Hr, "h2", at(13, 10, 20), { status: "COMPLETED", ended_ms: at(13, 10), charged_cents: 900 }),
  change(Hr, "h3", at(13, 40), { status: "COMPLETED", ended_ms: at(13, 10), charged_cents: 900 }),
  // I: all of it before the range, 1200.
  change(I, "i1", at(8, 0), { status: "EN_ROUTE" }),
  change(I, "i2", at(8, 30, 15), { status: "COMPLETED", ended_ms: at(8, 30), charged_cents: 1200 }),
  // K: a row in a partition no range of that day reads (a query that read every partition would count it).
  change(K, "k1", at(10, 15), { status: "EN_ROUTE" }, "2026-02-20"),
  // M: requested a moment after midnight but stored (by a clock a little behind) on the day before: the lookback.
  change(Mr, "m1", at(0, 0) - 100, { status: "DISPATCHING" }),
  // N: four days later, beyond every range below and their lookahead.
  change(Nr, "n1", at(96 + 10), { status: "EN_ROUTE" }),
];
/** The second delivery of a1, in a file of its own. */
const redelivered = [lake[0] as RideChangeRow];

/** 13:30 on the day: F, still flying, has been busy since 12:00:10. */
const now = at(13, 30);
const range = (fromMs: number, toMs: number, bucket: "hour" | "day" = "hour"): MetricsRange => ({
  fromMs,
  toMs,
  bucket,
  nowMs: now,
});

const literal = (value: unknown) =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
const valuesOf = (rows: readonly RideChangeRow[]) =>
  rows.map((row) => `(${rideChangeColumns.map((c) => literal(row[c.name])).join(", ")})`).join(",\n");
const typedColumns = rideChangeColumns.map((c) => `${c.name} ${c.duckdb}`).join(", ");

let instance: DuckDBInstance;
let db: DuckDBConnection;
let dir: string;

/** Rows as Athena hands them over: text, NULL as null. */
const run = async (sql: string): Promise<ResultRow[]> => {
  const reader = await db.runAndReadAll(sql);
  const names = reader.columnNames();
  return reader
    .getRows()
    .map((row) => Object.fromEntries(names.map((n, i) => [n, row[i] === null ? null : String(row[i])])));
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "lake-"));
  instance = await DuckDBInstance.create(":memory:");
  db = await instance.connect();
  // The lake as Firehose writes it: Parquet in day folders, `dt` the folder, not a column of the files.
  await db.run(`CREATE TABLE fixture (${typedColumns})`);
  await db.run(`INSERT INTO fixture VALUES ${valuesOf(lake)}`);
  const table = path.join(dir, "ride_changes");
  await db.run(`COPY fixture TO '${table}' (FORMAT parquet, PARTITION_BY (dt))`);
  await db.run(`CREATE TABLE again (${typedColumns})`);
  await db.run(`INSERT INTO again VALUES ${valuesOf(redelivered)}`);
  await db.run(
    `COPY (SELECT * EXCLUDE (dt) FROM again) TO '${table}/dt=2026-03-01/redelivered.parquet' (FORMAT parquet)`,
  );
  await db.run(
    `CREATE VIEW ride_changes AS SELECT * FROM read_parquet('${table}/**/*.parquet', hive_partitioning = true, union_by_name = true, hive_types = {'dt': 'VARCHAR'})`,
  );
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const empty = { requested: 0, completed: 0, cancelled: 0, noShows: 0, revenue: usd(0) };
const noWait = { p50: null, p90: null };

describe("the lake's metrics, on Parquet files", () => {
  it("reads the fixture lake as written: every row, the redelivered one twice", async () => {
    const [row] = await run("SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids FROM ride_changes");
    expect(row).toEqual({ n: String(lake.length + 1), ids: String(lake.length) });
  });

  it("counts each change once and each ride by its final state, per hour", async () => {
    const metrics = await lakeMetrics(range(at(10), at(13)), run);
    expect(OpsMetricsSchema.parse(metrics)).toEqual(metrics);
    expect(metrics.from).toBe("2026-03-01T10:00:00.000Z");
    expect(metrics.to).toBe("2026-03-01T13:00:00.000Z");
    expect(metrics.bucket).toBe("hour");
    expect(metrics.series).toEqual([
      {
        // Requested A, B, C; ended A (1500), G (1000, requested before the range), B no-show (500), C cancelled (0).
        // Waits 60, 120, 240 s: the median is the 2nd of 3, the 90th percentile the 3rd.
        start: "2026-03-01T10:00:00.000Z",
        requested: 3,
        completed: 2,
        cancelled: 1,
        noShows: 1,
        revenue: usd(3000),
        pickupWaitSeconds: { p50: 120, p90: 240 },
      },
      {
        // Requested D and E; E cancelled for want of a unicorn. Only D has an arrival: 360 s.
        start: "2026-03-01T11:00:00.000Z",
        requested: 2,
        completed: 0,
        cancelled: 1,
        noShows: 0,
        revenue: usd(0),
        pickupWaitSeconds: { p50: 360, p90: 360 },
      },
      {
        // Requested F and H (waits 180 and 120 s); D completed at 12:05 (2500). H ended after the range.
        start: "2026-03-01T12:00:00.000Z",
        requested: 2,
        completed: 1,
        cancelled: 0,
        noShows: 0,
        revenue: usd(2500),
        pickupWaitSeconds: { p50: 120, p90: 180 },
      },
    ]);
    expect(metrics.totals).toEqual({ requested: 7, completed: 3, cancelled: 2, noShows: 1, revenue: usd(5500) });
  });

  it("answers per unicorn: completed rides and revenue of rides ended in the range, busy time of rides requested in it", async () => {
    const { unicorns } = await lakeMetrics(range(at(10), at(13)), run);
    expect(unicorns).toEqual([
      // A completed (1500) and B's fee (500); busy A 15 min, B 10 min, H 20 min (its end after the range is known).
      { unicornId: "aurora", rides: 1, revenue: usd(2000), busySeconds: 900 + 600 + 1200 },
      // D and G completed (2500 + 1000), C cancelled free; busy C 2 min, D 55 min (G was requested before).
      { unicornId: "blaze", rides: 2, revenue: usd(3500), busySeconds: 120 + 3300 },
      // F still flying: from its acceptance at 12:00:10 to now, 13:30.
      { unicornId: "cirrus", rides: 0, revenue: usd(0), busySeconds: 5390 },
    ]);
  });

  it("answers the pickups' cells with their centres, busiest first", async () => {
    const { pickups } = await lakeMetrics(range(at(10), at(13)), run);
    // Centres are the middles of each cell's bounding box (geohash precision 6).
    expect(pickups).toEqual([
      { cell: "c22yzv", latitude: 47.62298583984375, longitude: -122.3492431640625, rides: 3 }, // D, E, F
      { cell: "c23nb5", latitude: 47.61199951171875, longitude: -122.3382568359375, rides: 3 }, // A, B, C
      { cell: "c23p0g", latitude: 47.65594482421875, longitude: -122.3052978515625, rides: 1 }, // H
    ]);
  });

  it("is as of the newest change it read, not of partitions beyond the range's", async () => {
    const { asOf } = await lakeMetrics(range(at(10), at(13)), run);
    expect(asOf).toBe("2026-03-01T13:40:00.000Z"); // H's rating; N (four days on) is not read
  });

  it("per day: one bucket, ties in the waits ranked together", async () => {
    const metrics = await lakeMetrics(range(day0, day0 + 24 * H, "day"), run);
    // Requested: A B C D E F G H I and M (stored the evening before); ended: A G D H I completed, C E cancelled,
    // B a no-show; revenue 1500 + 1000 + 2500 + 900 + 1200 + 500. Waits 60 120 120 180 180 240 240 360: cume_dist
    // reaches 5/8 at 180 (the median) and 7/8 < 0.9 at 240, so the 90th percentile is 360.
    expect(metrics.series).toEqual([
      {
        start: "2026-03-01T00:00:00.000Z",
        requested: 10,
        completed: 5,
        cancelled: 2,
        noShows: 1,
        revenue: usd(7600),
        pickupWaitSeconds: { p50: 180, p90: 360 },
      },
    ]);
    expect(metrics.totals).toEqual({ requested: 10, completed: 5, cancelled: 2, noShows: 1, revenue: usd(7600) });
  });

  it("starts the series at the bucket holding `from` and counts only what falls in the range", async () => {
    // 10:30 to 11:15: B, C and D requested; B and C ended (500 and 0); A (10:05) and G's end (10:10) are before.
    const metrics = await lakeMetrics(range(at(10, 30), at(11, 15)), run);
    expect(metrics.series.map((p) => [p.start, p.requested, p.completed, p.cancelled, p.noShows])).toEqual([
      ["2026-03-01T10:00:00.000Z", 2, 0, 1, 1],
      ["2026-03-01T11:00:00.000Z", 1, 0, 0, 0],
    ]);
    expect(metrics.totals.revenue).toEqual(usd(500));
  });

  it("answers an empty range with zeros and nulls, every bucket present, as of the lake's newest change before", async () => {
    const metrics = await lakeMetrics(range(at(48), at(51)), run);
    expect(metrics.series).toEqual([
      { start: "2026-03-03T00:00:00.000Z", ...empty, pickupWaitSeconds: noWait },
      { start: "2026-03-03T01:00:00.000Z", ...empty, pickupWaitSeconds: noWait },
      { start: "2026-03-03T02:00:00.000Z", ...empty, pickupWaitSeconds: noWait },
    ]);
    expect(metrics.totals).toEqual(empty);
    expect(metrics.unicorns).toEqual([]);
    expect(metrics.pickups).toEqual([]);
    // Nothing stored from 03-02 to 03-04: the newest change up to the range's end is H's rating.
    expect(metrics.asOf).toBe("2026-03-01T13:40:00.000Z");
  });
});

describe("the lake's metrics, on a table in memory", () => {
  /** A lake of `rows` as the table `ride_changes` (in memory), for one test. */
  async function withLake<T>(rows: RideChangeRow[], body: () => Promise<T>): Promise<T> {
    await db.run(
      `CREATE TEMP TABLE ride_changes (${typedColumns}); ${rows.length > 0 ? `INSERT INTO ride_changes VALUES ${valuesOf(rows)};` : ""}`,
    );
    try {
      return await body();
    } finally {
      await db.run("DROP TABLE temp.ride_changes");
    }
  }

  it("takes the nearest-rank percentiles: the smallest wait at least p of the bucket's waits reach", async () => {
    // Ten rides requested in the 10:00 bucket, waiting 10, 20, … 100 s: p50 is the 5th (50 s), p90 the 9th (90 s).
    const rides = Array.from({ length: 10 }, (_, i) => {
      const ride: Ride = {
        id: `W${i}`,
        unicorn: "aurora",
        requested: at(10, i),
        arrives: at(10, i, (i + 1) * 10),
        pickup: campus,
      };
      return change(ride, `w${i}`, at(10, i), { status: "EN_ROUTE" });
    });
    const metrics = await withLake(rides, () => lakeMetrics(range(at(10), at(11)), run));
    expect(metrics.series[0]?.pickupWaitSeconds).toEqual({ p50: 50, p90: 90 });
    expect(metrics.series[0]?.requested).toBe(10);
  });

  it("answers fractions of a second, and one wait as both percentiles", async () => {
    const ride: Ride = { id: "X", unicorn: "aurora", requested: at(10), arrives: at(10, 1, 2.5), pickup: campus };
    const metrics = await withLake([change(ride, "x1", at(10), { status: "EN_ROUTE" })], () =>
      lakeMetrics(range(at(10), at(11)), run),
    );
    expect(metrics.series[0]?.pickupWaitSeconds).toEqual({ p50: 62.5, p90: 62.5 });
  });

  it("answers an empty lake: zeros, nulls, and `from` as asOf", async () => {
    const metrics = await withLake([], () => lakeMetrics(range(at(10), at(12)), run));
    expect(metrics.series.map((p) => p.start)).toEqual(["2026-03-01T10:00:00.000Z", "2026-03-01T11:00:00.000Z"]);
    expect(metrics.series.every((p) => p.requested === 0 && p.pickupWaitSeconds.p50 === null)).toBe(true);
    expect(metrics.totals).toEqual(empty);
    expect(metrics.asOf).toBe("2026-03-01T10:00:00.000Z");
  });

  it("gives an empty range (from = to) its one bucket", async () => {
    const metrics = await withLake([], () => lakeMetrics(range(at(10), at(10)), run));
    expect(metrics.series).toEqual([{ start: "2026-03-01T10:00:00.000Z", ...empty, pickupWaitSeconds: noWait }]);
  });
});

describe("the queries' text", () => {
  it("reads the range's partitions and a day either side", () => {
    expect(partitionDays({ fromMs: at(10), toMs: at(13) })).toEqual({ first: "2026-02-28", last: "2026-03-02" });
    const { series, asOf, lakeAsOf } = metricsQueries(range(at(10), at(13)));
    expect(series).toContain("WHERE dt BETWEEN '2026-02-28' AND '2026-03-02'");
    expect(asOf).toContain("WHERE dt BETWEEN '2026-02-28' AND '2026-03-02'");
    expect(lakeAsOf).toContain("WHERE dt <= '2026-03-02'");
  });

  it("writes only integers into the SQL, and refuses anything else", () => {
    const sql = Object.values(metricsQueries(range(at(10), at(13))));
    for (const text of sql) expect(text).not.toMatch(/approx_percentile|quantile|date_trunc|from_unixtime|epoch_ms/i);
    expect(() => metricsQueries({ ...range(at(10), at(13)), fromMs: 1.5 })).toThrow(RangeError);
    expect(() => metricsQueries({ ...range(at(10), at(13)), toMs: Number.NaN })).toThrow(RangeError);
    expect(() => metricsQueries({ ...range(at(10), at(13)), nowMs: -1 })).toThrow(RangeError);
  });
});

/**
 * GET /ops/metrics's questions to the ride-events lake (issue 23): ONE set of SQL that Athena (Trino, engine 3) and
 * DuckDB run unchanged over the table `ride_changes` (./ride-change.ts: a row per stored ride change, times in epoch
 * milliseconds), and the answer's JSON made from their rows. Athena runs them in the cloud, the local stand-in
 * (local/src/lake/athena.ts) runs them on DuckDB, and the unit tests run them on DuckDB over a fixture lake.
 *
 * What every query reads (the `rides` of `ridesCte`):
 *   1. the rows of the partitions `dt` from the day before `from`'s to the day after `to`'s (see `partitionDays`);
 *   2. each ride's latest change (so each stream record counts once: a redelivered record's rows are identical, and
 *      only one row per ride is kept whichever copy it is): the greatest `event_ms`, ties broken by how far the change took the ride (ended, then
 *      boarded, then accepted), then by `event_id`, so both engines pick the same row. Every row is the ride's whole
 *      item as stored, so the latest row is the ride's final state as far as the lake knows.
 * Then a ride counts where its own times fall in [from, to): `requested` and the pickup waits by `requested_ms`,
 * `completed`/`cancelled`/`noShows` and revenue by `ended_ms` (with its final status).
 *
 * Portability, where the two engines differ (each construct below is one both have, with the same types):
 *   - no timestamp functions: buckets are integer arithmetic on epoch ms, `t - t % size` (floor for t ≥ 0). Not
 *     `floor(t / size) * size`: `/` of two BIGINTs is integer division in Trino but DOUBLE division in DuckDB;
 *   - percentiles without approx_percentile (Trino) or quantile (DuckDB): the smallest wait whose `cume_dist()` within
 *     its bucket is at least p (the nearest-rank percentile, exact), compared with DOUBLE literals (`5E-1`), since `0.5`
 *     is a DECIMAL in both and `cume_dist()` a DOUBLE;
 *   - counts by `COUNT(CASE WHEN … THEN 1 END)` (not FILTER or count_if), sums cast to BIGINT (DuckDB sums BIGINTs as
 *     HUGEINT), every UNION ALL branch's NULL typed;
 *   - `dt` compared as text (`'YYYY-MM-DD'`), as the Glue table declares it; results are read as text (Athena's
 *     VarCharValue), numbers parsed here.
 * Values are never user text: the range arrives as validated milliseconds and is written into the SQL only as
 * integers (`integer()` refuses anything else) and as days formatted here from those integers (`day()`).
 */
import geohash from "ngeohash";
import type { OpsMetrics } from "../rules/api-shapes";
import { type MetricsBucket, metricsBucketMs } from "../rules/request-bodies";

export { type MetricsBucket, metricsBucketMs };

/** The lake's one table, as Athena's database and the local stand-in name it. */
export const lakeTable = "ride_changes";

/**
 * Partitions read beyond the range, on each side: `dt` is the UTC day the row was stored (Firehose: received), not a
 * day of the ride's. A change stored a moment before midnight can land in the next day's folder, and a ride's final
 * change (its end, written by the sweep up to a minute late) in the day after its `ended_ms`; a ride's request may be
 * stored on the day before `from` when the table's clock and the function's differ. A day either side covers all
 * of that (a ride lasts at most about an hour: 60 s of dispatch, a 5 minute boarding window, a trip within 50 km),
 * and keeps a query's scan to the range's days plus two.
 */
export const partitionLookbackDays = 1;
export const partitionLookaheadDays = 1;

const dayMs = 86_400_000;

/** What the queries answer for: [fromMs, toMs) in buckets, with `nowMs` the end of a ride not yet ended. */
export interface MetricsRange {
  fromMs: number;
  toMs: number;
  bucket: MetricsBucket;
  nowMs: number;
}

/** An epoch-millisecond integer as an SQL literal; anything else is refused, so no text ever reaches the SQL. */
function integer(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a lake time or size: ${value}`);
  return String(value);
}

/** The UTC day of `ms` as its partition is named, `YYYY-MM-DD`. */
function day(ms: number): string {
  const text = new Date(Number(integer(ms))).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new RangeError(`no partition day for ${ms}`);
  return text;
}

/** The partitions a range reads: from the day before `from`'s to the day after `to`'s. */
export function partitionDays(range: Pick<MetricsRange, "fromMs" | "toMs">): { first: string; last: string } {
  return {
    first: day(Math.max(0, range.fromMs - partitionLookbackDays * dayMs)),
    last: day(range.toMs + partitionLookaheadDays * dayMs),
  };
}

/** The columns a query reads (Parquet reads no others). */
const readColumns = [
  "event_id",
  "event_ms",
  "ride_id",
  "unicorn_id",
  "status",
  "requested_ms",
  "accepted_ms",
  "arrives_ms",
  "boarded_ms",
  "ended_ms",
  "charged_cents",
  "pickup_cell",
] as const;
const rideColumns = readColumns.filter((c) => c !== "event_id" && c !== "event_ms" && c !== "boarded_ms");

/** How far a change took its ride: breaks a tie of `event_ms` between two changes of one ride. */
const progress = `CASE WHEN ended_ms IS NOT NULL THEN 3 WHEN boarded_ms IS NOT NULL THEN 2
      WHEN accepted_ms IS NOT NULL THEN 1 ELSE 0 END`;

/**
 * `WITH latest, rides`: each ride's final state, from the range's partitions, each change counted once. One window
 * pass: a first pass keeping one row per `event_id` changed no answer (copies are identical) and cost a third of the
 * 30-day query's time on the bench's million changes.
 */
function ridesCte(range: MetricsRange): string {
  const { first, last } = partitionDays(range);
  return `WITH latest AS (
  SELECT ${readColumns.join(", ")},
    row_number() OVER (PARTITION BY ride_id ORDER BY event_ms DESC, ${progress} DESC, event_id DESC) AS recency
  FROM ${lakeTable}
  WHERE dt BETWEEN '${first}' AND '${last}'
),
rides AS (
  SELECT ${rideColumns.join(", ")}
  FROM latest
  WHERE recency = 1
)`;
}

/** `column` in [from, to). */
const inRange = (column: string, range: MetricsRange) =>
  `${column} >= ${integer(range.fromMs)} AND ${column} < ${integer(range.toMs)}`;
/** The start of the bucket `column` falls in, in epoch ms. */
const bucketOf = (column: string, range: MetricsRange) =>
  `${column} - ${column} % ${integer(metricsBucketMs[range.bucket])}`;

export interface MetricsQueries {
  /** Per bucket: requested, completed, cancelled, no_shows, revenue_cents, wait_p50_ms, wait_p90_ms. */
  series: string;
  /** Per unicorn: rides (completed), revenue_cents, busy_ms. */
  unicorns: string;
  /** Per pickup cell: ride_count. */
  pickups: string;
  /** as_of_ms: the newest change among the partitions read. */
  asOf: string;
  /** as_of_ms of the whole lake up to the range's last partition: asked only when `asOf` finds nothing. */
  lakeAsOf: string;
}

/** The SQL for a range; both engines run each as it is. */
export function metricsQueries(range: MetricsRange): MetricsQueries {
  const rides = ridesCte(range);
  const { first, last } = partitionDays(range);
  const series = `${rides},
requests AS (
  SELECT ${bucketOf("requested_ms", range)} AS bucket_ms, arrives_ms - requested_ms AS wait_ms
  FROM rides
  WHERE ${inRange("requested_ms", range)}
),
waits AS (
  SELECT bucket_ms, wait_ms, cume_dist() OVER (PARTITION BY bucket_ms ORDER BY wait_ms) AS wait_rank
  FROM requests
  WHERE wait_ms IS NOT NULL
),
endings AS (
  SELECT ${bucketOf("ended_ms", range)} AS bucket_ms, status, charged_cents
  FROM rides
  WHERE ${inRange("ended_ms", range)}
),
facts AS (
  SELECT bucket_ms, COUNT(*) AS requested, CAST(0 AS BIGINT) AS completed, CAST(0 AS BIGINT) AS cancelled,
    CAST(0 AS BIGINT) AS no_shows, CAST(0 AS BIGINT) AS revenue_cents,
    CAST(NULL AS BIGINT) AS wait_p50_ms, CAST(NULL AS BIGINT) AS wait_p90_ms
  FROM requests
  GROUP BY bucket_ms
  UNION ALL
  SELECT bucket_ms, CAST(0 AS BIGINT),
    COUNT(CASE WHEN status = 'COMPLETED' THEN 1 END),
    COUNT(CASE WHEN status = 'CANCELLED' THEN 1 END),
    COUNT(CASE WHEN status = 'NO_SHOW' THEN 1 END),
    CAST(SUM(COALESCE(charged_cents, 0)) AS BIGINT),
    CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
  FROM endings
  GROUP BY bucket_ms
  UNION ALL
  SELECT bucket_ms, CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT),
    MIN(CASE WHEN wait_rank >= 5E-1 THEN wait_ms END),
    MIN(CASE WHEN wait_rank >= 9E-1 THEN wait_ms END)
  FROM waits
  GROUP BY bucket_ms
)
SELECT bucket_ms,
  CAST(SUM(requested) AS BIGINT) AS requested,
  CAST(SUM(completed) AS BIGINT) AS completed,
  CAST(SUM(cancelled) AS BIGINT) AS cancelled,
  CAST(SUM(no_shows) AS BIGINT) AS no_shows,
  CAST(SUM(revenue_cents) AS BIGINT) AS revenue_cents,
  MAX(wait_p50_ms) AS wait_p50_ms,
  MAX(wait_p90_ms) AS wait_p90_ms
FROM facts
GROUP BY bucket_ms
ORDER BY bucket_ms`;

  const unicorns = `${rides}
SELECT unicorn_id,
  COUNT(CASE WHEN status = 'COMPLETED' AND ${inRange("ended_ms", range)} THEN 1 END) AS rides,
  CAST(SUM(CASE WHEN ${inRange("ended_ms", range)} THEN COALESCE(charged_cents, 0) ELSE 0 END) AS BIGINT)
    AS revenue_cents,
  CAST(SUM(CASE WHEN ${inRange("requested_ms", range)} AND accepted_ms IS NOT NULL
    THEN GREATEST(COALESCE(ended_ms, ${integer(range.nowMs)}) - accepted_ms, 0) ELSE 0 END) AS BIGINT) AS busy_ms
FROM rides
WHERE unicorn_id IS NOT NULL AND ((${inRange("ended_ms", range)}) OR (${inRange("requested_ms", range)}))
GROUP BY unicorn_id
ORDER BY unicorn_id`;

  const pickups = `${rides}
SELECT pickup_cell AS cell, COUNT(*) AS ride_count
FROM rides
WHERE ${inRange("requested_ms", range)}
GROUP BY pickup_cell
ORDER BY ride_count DESC, cell`;

  const asOf = `SELECT MAX(event_ms) AS as_of_ms
FROM ${lakeTable}
WHERE dt BETWEEN '${first}' AND '${last}'`;
  const lakeAsOf = `SELECT MAX(event_ms) AS as_of_ms
FROM ${lakeTable}
WHERE dt <= '${last}'`;

  return { series, unicorns, pickups, asOf, lakeAsOf };
}

/** A result row as both engines hand it over: by column name, values as text (Athena's VarCharValue), NULL as null. */
export type ResultRow = Record<string, string | number | bigint | null | undefined>;

export interface MetricsResults {
  series: readonly ResultRow[];
  unicorns: readonly ResultRow[];
  pickups: readonly ResultRow[];
  /** The newest change included, epoch ms; null when the lake holds none up to the range's end. */
  asOfMs: number | null;
}

const numberOf = (row: ResultRow, column: string): number | null => {
  const value = row[column];
  if (value === null || value === undefined || value === "") return null;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`the lake answered ${column} = ${String(value)}, not a number`);
  return n;
};
const count = (row: ResultRow, column: string) => numberOf(row, column) ?? 0;
const usd = (amount: number) => ({ amount, currency: "USD" as const });
const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

/**
 * The contract's JSON from the queries' rows: every bucket from the one holding `from` to the one holding the last
 * millisecond before `to` (at least one), empty ones zero with null waits; totals over the range; each pickup cell's
 * centre from its geohash; `asOf` the newest change included, or `from` when the lake has none up to the range's end.
 */
export function toOpsMetrics(range: MetricsRange, results: MetricsResults): OpsMetrics {
  const size = metricsBucketMs[range.bucket];
  const byBucket = new Map(results.series.map((row) => [count(row, "bucket_ms"), row]));
  const totals = { requested: 0, completed: 0, cancelled: 0, noShows: 0, revenue: usd(0) };
  const series: OpsMetrics["series"] = [];
  let start = range.fromMs - (range.fromMs % size);
  do {
    const row = byBucket.get(start) ?? {};
    const point = {
      start: iso(start),
      requested: count(row, "requested"),
      completed: count(row, "completed"),
      cancelled: count(row, "cancelled"),
      noShows: count(row, "no_shows"),
      revenue: usd(count(row, "revenue_cents")),
      pickupWaitSeconds: { p50: seconds(numberOf(row, "wait_p50_ms")), p90: seconds(numberOf(row, "wait_p90_ms")) },
    };
    series.push(point);
    totals.requested += point.requested;
    totals.completed += point.completed;
    totals.cancelled += point.cancelled;
    totals.noShows += point.noShows;
    totals.revenue.amount += point.revenue.amount;
    start += size;
  } while (start < range.toMs);

  return {
    from: iso(range.fromMs),
    to: iso(range.toMs),
    bucket: range.bucket,
    series,
    totals,
    unicorns: results.unicorns.map((row) => ({
      unicornId: String(row.unicorn_id),
      rides: count(row, "rides"),
      revenue: usd(count(row, "revenue_cents")),
      busySeconds: count(row, "busy_ms") / 1000,
    })),
    pickups: results.pickups.map((row) => {
      const cell = String(row.cell);
      const { latitude, longitude } = geohash.decode(cell);
      return { cell, latitude, longitude, rides: count(row, "ride_count") };
    }),
    asOf: iso(results.asOfMs ?? range.fromMs),
  };
}

/** Runs one query and resolves to its rows (the engine's client: Athena's API, or DuckDB). */
export type RunQuery = (sql: string) => Promise<ResultRow[]>;

/** Asks the lake for a range's metrics through `run` (the queries at once) and answers the contract's JSON. */
export async function lakeMetrics(range: MetricsRange, run: RunQuery): Promise<OpsMetrics> {
  const sql = metricsQueries(range);
  const [series, unicorns, pickups, asOf] = await Promise.all([
    run(sql.series),
    run(sql.unicorns),
    run(sql.pickups),
    run(sql.asOf),
  ]);
  let asOfMs = numberOf(asOf[0] ?? {}, "as_of_ms");
  // Nothing stored in or around the range: how fresh the lake is still has an answer, its newest change before.
  if (asOfMs === null) asOfMs = numberOf((await run(sql.lakeAsOf))[0] ?? {}, "as_of_ms");
  return toOpsMetrics(range, { series, unicorns, pickups, asOfMs });
}

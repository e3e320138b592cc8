/**
 * The operator's dashboard (issue 23): for a range (the last 24 hours, 7 days, 30 days, or from/to), rides per hour or
 * day by outcome, revenue, pickup waits, the totals, the unicorns and where pickups were, from GET /ops/metrics; read
 * again on request and every 30 s while visible. Only the `operators` group may read it: anyone else is told so here
 * (and by the API's 403). The chart library loads on this page alone (docs/decisions/0021-ops-charts.md).
 */
import { useRouter } from "next/router";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { ChartPanel, loadChartEngine } from "../components/ops/ChartPanel";
import styles from "../components/ops/ops.module.css";
import { PickupMap } from "../components/ops/PickupMap";
import { RangePicker } from "../components/ops/RangePicker";
import { Totals } from "../components/ops/Totals";
import { UnicornTable } from "../components/ops/UnicornTable";
import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";
import { RiderOnly } from "../components/RiderOnly";
import type { ApiProblem } from "../lib/api-client";
import { useUnfolding } from "../lib/idle";
import {
  formatAsOf,
  formatBucketLong,
  formatBucketShort,
  formatCount,
  formatDollarsShort,
  formatDuration,
  formatMoment,
  formatMoney,
  formatSecondsShort,
  perBucket,
} from "../lib/ops/format";
import {
  fillSeries,
  isEmpty,
  type OpsMetrics,
  peakOf,
  revenueChart,
  ridesChart,
  stillRequested,
  waitChart,
} from "../lib/ops/metrics";
import {
  type Bucket,
  choiceFromQuery,
  choiceToQuery,
  defaultBucket,
  defaultChoice,
  type Range,
  type RangeChoice,
  resolveRange,
} from "../lib/ops/range";
import { autoRefreshMs, useOpsMetrics } from "../lib/ops/use-metrics";
import { homeOf, isOperator, isUnicorn, type Rider } from "../lib/rider-auth";

const title = "Operations";

export default function OpsPage() {
  return (
    <RiderOnly title={title} skeleton={(note) => <Frame>{note}</Frame>}>
      {(account) =>
        isOperator(account) ? (
          <Frame>
            <Dashboard />
          </Frame>
        ) : (
          <NotAnOperator account={account} />
        )
      }
    </RiderOnly>
  );
}

/** The page's heading and intro, the same while the session is checked and after: nothing moves when it is. */
function Frame({ children }: { children: ReactNode }) {
  return (
    <section className={styles.page} aria-labelledby="ops-title">
      <PageTitle>{title}</PageTitle>
      <h1 id="ops-title">{title}</h1>
      <p className="lead">Rides, revenue, pickup waits and the fleet's work, for any range of up to 31 days.</p>
      {children}
    </section>
  );
}

function Dashboard() {
  const router = useRouter();
  const [choice, setChoice] = useState<RangeChoice>(defaultChoice);
  const [bucketChoice, setBucketChoice] = useState<Bucket | null>(null);
  // The range in the address (a reload, a shared link) is read before the first request.
  const [readAddress, setReadAddress] = useState(false);
  useEffect(() => {
    if (!router.isReady || readAddress) return;
    const asked = choiceFromQuery(router.query);
    setChoice(asked.choice);
    setBucketChoice(asked.bucket);
    setReadAddress(true);
  }, [router.isReady, router.query, readAddress]);

  // The charts' library is fetched while the metrics are.
  useEffect(() => {
    loadChartEngine().catch(() => {});
  }, []);

  const data = useOpsMetrics(choice, bucketChoice, readAddress);
  const bucket = bucketChoice ?? defaultBucket(resolveRange(choice, Date.now()));

  function remember(next: RangeChoice, nextBucket: Bucket | null) {
    void router.replace({ pathname: router.pathname, query: choiceToQuery(next, nextBucket) }, undefined, {
      shallow: true,
      scroll: false,
    });
  }

  if (data.problem?.code === "FORBIDDEN") return <NotAnOperatorNote reason={data.problem.message} />;
  const { metrics } = data;
  return (
    <>
      <RangePicker
        choice={choice}
        bucket={bucket}
        shown={data.range}
        onChoice={(next) => {
          // A new range takes the bucket that suits it; the operator can change it again.
          setChoice(next);
          setBucketChoice(null);
          remember(next, null);
        }}
        onBucket={(next) => {
          setBucketChoice(next);
          remember(choice, next);
        }}
      />
      <Freshness metrics={metrics} loading={data.loading} manualUpdates={data.manualUpdates} onRefresh={data.refresh} />
      {data.problem ? (
        <LoadProblem problem={data.problem} shown={metrics !== null} onRetry={data.refresh} retrying={data.loading} />
      ) : null}
      {metrics && data.range ? (
        <div className={styles.results} aria-busy={data.loading === "first" || undefined}>
          {isEmpty(metrics) ? <NoRides /> : <Results metrics={metrics} asked={data.range} />}
        </div>
      ) : data.loading ? (
        <p role="status" className={styles.loading}>
          <span className="spinner" aria-hidden="true" /> Loading the metrics…
        </p>
      ) : null}
    </>
  );
}

/** "Data as of", the range it covers, and the refresh button; a polite "Updated" only when the operator asked. */
function Freshness({
  metrics,
  loading,
  manualUpdates,
  onRefresh,
}: {
  metrics: OpsMetrics | null;
  loading: ReturnType<typeof useOpsMetrics>["loading"];
  manualUpdates: number;
  onRefresh: () => void;
}) {
  const asOf = metrics?.asOf ? formatAsOf(metrics.asOf) : null;
  return (
    <div className={styles.freshness}>
      <div>
        <p className={styles.asOf}>
          {metrics ? (
            asOf ? (
              <>
                Data as of <time dateTime={metrics.asOf ?? undefined}>{asOf}</time>
              </>
            ) : (
              "No events recorded in this range yet"
            )
          ) : (
            "\u00a0"
          )}
        </p>
        {/* Its height is kept while the first answer is awaited (ops.module.css), so nothing below moves then. */}
        <p className={`${styles.rangeLine} ${styles.rangeShown}`}>
          {metrics
            ? `${formatMoment(metrics.from)} to ${formatMoment(metrics.to)}, ${perBucket(metrics.bucket)}.`
            : "\u00a0"}
        </p>
        <p className={styles.rangeLine}>Refreshes every {autoRefreshMs / 1000} seconds while this page is open.</p>
      </div>
      <button
        type="button"
        className="button button--small"
        onClick={onRefresh}
        disabled={loading === "manual"}
        aria-busy={loading === "manual" || undefined}
      >
        {loading === "manual" ? <span className="spinner" aria-hidden="true" /> : null}
        Refresh
      </button>
      <p role="status" className="visually-hidden">
        {manualUpdates > 0 && asOf ? `Updated. Data as of ${asOf}.` : ""}
      </p>
    </div>
  );
}

function LoadProblem({
  problem,
  shown,
  onRetry,
  retrying,
}: {
  problem: ApiProblem;
  shown: boolean;
  onRetry: () => void;
  retrying: ReturnType<typeof useOpsMetrics>["loading"];
}) {
  return (
    <div className={`alert alert--error ${styles.problem}`} role="alert">
      <p className="alert__text">
        {shown
          ? "The metrics couldn't be refreshed, so these may be out of date. "
          : "The metrics couldn't be loaded. "}
        {problem.message}
      </p>
      {problem.code === "UNAUTHORIZED" ? (
        <PageLink href="/signin/">Sign in again</PageLink>
      ) : (
        <button
          type="button"
          className="button button--small"
          onClick={onRetry}
          disabled={retrying !== null}
          aria-busy={retrying !== null || undefined}
        >
          {retrying ? <span className="spinner" aria-hidden="true" /> : null}
          Try again
        </button>
      )}
    </div>
  );
}

function NoRides() {
  return (
    <section className={`panel ${styles.empty}`} aria-labelledby="ops-empty-title">
      <h2 id="ops-empty-title">No rides in this range yet</h2>
      <p>When riders request rides, they are counted here. Try a longer range, or refresh in a while.</p>
    </section>
  );
}

/** Everything drawn from one answer; the buckets the API left out are zeros, so every chart has the whole range. */
function Results({ metrics, asked }: { metrics: OpsMetrics; asked: Range }) {
  const { bucket } = metrics;
  const answered = useMemo(() => {
    const from = new Date(metrics.from);
    const to = new Date(metrics.to);
    return Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) ? asked : { from, to };
  }, [metrics.from, metrics.to, asked]);
  const series = useMemo(() => fillSeries(metrics.series, bucket, answered), [metrics.series, bucket, answered]);
  const rides = useMemo(() => ridesChart(series, bucket), [series, bucket]);
  const revenue = useMemo(() => revenueChart(series, bucket), [series, bucket]);
  const waits = useMemo(() => waitChart(series, bucket), [series, bucket]);

  const unit = bucket;
  const Unit = bucket === "hour" ? "Hour" : "Day (UTC)";
  const short = (start: number) => formatBucketShort(start, bucket);
  const long = (start: number) => formatBucketLong(start, bucket);
  const at = (i: number) => series[i] as (typeof series)[number];
  const startOf = (i: number) => Date.parse(at(i).start);
  const wait = (seconds: number | null) => (seconds === null ? "no pickups" : formatDuration(seconds));

  const busiest = peakOf(series.map((p) => p.requested));
  const topRevenue = peakOf(revenue.series[0]?.values ?? []);
  const worstWait = peakOf(series.map((p) => p.pickupWaitSeconds.p90));
  const rangeSeconds = Math.max(0, (answered.to.getTime() - answered.from.getTime()) / 1000);
  // The totals and the first chart, then the rest a part per idle slice: all at once is one long layout on a phone.
  const shown = useUnfolding(5);

  return (
    <>
      <Totals totals={metrics.totals} />
      <div className={styles.charts}>
        <ChartPanel
          wide
          title={`Rides ${perBucket(bucket)}`}
          unit={unit}
          summary={
            `${formatCount(metrics.totals.requested)} rides requested. Each ${unit}'s rides that ended, by how, ` +
            `and its requests beyond them, still requested.` +
            (busiest
              ? ` The busiest ${unit}: ${long(startOf(busiest.index))}, with ${formatCount(busiest.value)} requested.`
              : "")
          }
          spec={{ data: rides, kind: "stacked", yUnit: "count", formatX: short, formatY: (v) => formatCount(v) }}
          describe={(i) => {
            const p = at(i);
            return (
              `${long(startOf(i))}: ${formatCount(p.requested)} requested. ${formatCount(p.completed)} completed, ` +
              `${formatCount(p.cancelled)} cancelled, ${formatCount(p.noShows)} no-shows, ` +
              `${formatCount(stillRequested(p))} still requested.`
            );
          }}
          table={{
            caption: `Rides ${perBucket(bucket)} by outcome`,
            columns: [Unit, "Requested", "Completed", "Cancelled", "No-shows", "Still requested"],
            rows: series.map((p) => ({
              key: p.start,
              header: long(Date.parse(p.start)),
              cells: [p.requested, p.completed, p.cancelled, p.noShows, stillRequested(p)].map((n) => formatCount(n)),
            })),
          }}
        />
        {shown > 1 ? (
          <ChartPanel
            title={`Revenue ${perBucket(bucket)}`}
            unit={unit}
            summary={
              `${formatMoney(metrics.totals.revenue)} in all.` +
              (topRevenue
                ? ` The most in one ${unit}: ${formatMoney(at(topRevenue.index).revenue)}, ${long(startOf(topRevenue.index))}.`
                : "")
            }
            spec={{
              data: revenue,
              kind: "line",
              yUnit: "dollars",
              formatX: short,
              formatY: (v) => formatDollarsShort(v),
            }}
            describe={(i) => `${long(startOf(i))}: ${formatMoney(at(i).revenue)}.`}
            table={{
              caption: `Revenue ${perBucket(bucket)}`,
              columns: [Unit, "Revenue"],
              rows: series.map((p) => ({
                key: p.start,
                header: long(Date.parse(p.start)),
                cells: [formatMoney(p.revenue)],
              })),
            }}
          />
        ) : null}
        {shown > 2 ? (
          <ChartPanel
            title="Pickup wait"
            unit={unit}
            summary={
              worstWait
                ? `How long riders waited for their unicorn: the median and the 90th percentile of each ${unit}. The longest 90th percentile: ${formatDuration(worstWait.value)}, ${long(startOf(worstWait.index))}.`
                : `How long riders waited for their unicorn, each ${unit}.`
            }
            emptyNote={worstWait ? null : "No pickups in this range, so there are no waits to show."}
            spec={{ data: waits, kind: "line", yUnit: "seconds", formatX: short, formatY: formatSecondsShort }}
            describe={(i) => {
              const { p50, p90 } = at(i).pickupWaitSeconds;
              return p50 === null && p90 === null
                ? `${long(startOf(i))}: no pickups.`
                : `${long(startOf(i))}: median ${wait(p50)}, 90th percentile ${wait(p90)}.`;
            }}
            table={{
              caption: `Pickup wait ${perBucket(bucket)}`,
              columns: [Unit, "Median (p50)", "90th percentile (p90)"],
              rows: series.map((p) => ({
                key: p.start,
                header: long(Date.parse(p.start)),
                cells: [wait(p.pickupWaitSeconds.p50), wait(p.pickupWaitSeconds.p90)],
              })),
            }}
          />
        ) : null}
      </div>
      {shown > 3 ? <PickupMap pickups={metrics.pickups} /> : null}
      {shown > 4 ? <UnicornTable unicorns={metrics.unicorns} rangeSeconds={rangeSeconds} /> : null}
    </>
  );
}

/** A signed-in account outside the operators' group: told what the page is, and sent on to its own. */
function NotAnOperator({ account }: { account: Rider }) {
  const home = homeOf(account);
  const [href, words] =
    home === "/unicorn/" ? [home, "Go to my unicorn"] : home === "/ride/" ? [home, "Request a ride"] : ["/", "Home"];
  return (
    <section className="panel panel--narrow" aria-labelledby="ops-title">
      <PageTitle>{title}</PageTitle>
      <h1 id="ops-title">{title}</h1>
      <div className="alert alert--info" role="alert">
        <p className="alert__text">
          This page is for operators.{" "}
          {isUnicorn(account) ? "Your account is a unicorn crew's." : "Your account is a rider's."}
        </p>
      </div>
      <p className="form-actions">
        <PageLink href={href} className="button button--primary">
          {words}
        </PageLink>
      </p>
    </section>
  );
}

/** The API refused an account the page took for an operator (its group changed since it signed in). */
function NotAnOperatorNote({ reason }: { reason: string }) {
  return (
    <>
      <div className="alert alert--info" role="alert">
        <p className="alert__text">{reason} Sign out and in again if your account has just been made one.</p>
      </div>
      <p className="form-actions">
        <PageLink href="/" className="button button--primary">
          Home
        </PageLink>
      </p>
    </>
  );
}

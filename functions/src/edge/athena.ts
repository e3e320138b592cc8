/**
 * GET /ops/metrics's answers from the ride-events lake through Amazon Athena's own API (AWS JSON 1.1, signed with
 * SigV4 as the function's role): StartQueryExecution in the lake's workgroup and database (`Resource.LakeQueries`),
 * GetQueryExecution until the query has run (a short backoff; after `giveUpMs` the answer is 503 UNAVAILABLE), then
 * GetQueryResults page by page. The queries and the JSON they make are core's (core/src/lake/queries.ts), the same
 * DuckDB runs. An answer is kept for a minute per from/to/bucket as asked, so a dashboard's refreshes and its several
 * viewers cost one set of queries. Locally `AWS_ENDPOINT_URL_ATHENA` points at the stand-in (local/src/lake/athena.ts).
 */
import { lakeMetrics, type ResultRow } from "@wildrydes/core/lake/queries";
import type { OpsMetrics } from "@wildrydes/core/rules/api-shapes";
import { RideError } from "@wildrydes/core/rules/errors";
import type { MetricsBucket } from "@wildrydes/core/rules/request-bodies";
import { Resource } from "sst";
import { signedFetch } from "./signed-fetch";

/**
 * How long one answer is kept (a minute, as Athena's results are slow and billed by the scan; OPS_METRICS_CACHE_SECONDS
 * overrides it: the local stack keeps none, so a ride shows within its lake's 10 s flush), and how long the queries
 * may take before the caller is told to try again.
 */
export const metricsCacheMs = 60_000;
const cacheMs = () => {
  const seconds = Number(process.env.OPS_METRICS_CACHE_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : metricsCacheMs;
};
export const giveUpMs = 20_000;
/** Waits between GetQueryExecution polls: from 100 ms, half again as long each time, at most a second. */
const backoff = { firstMs: 100, factor: 1.5, maxMs: 1000 };
/** GetQueryResults' largest page. */
const pageSize = 1000;

const athenaApi = () =>
  process.env.AWS_ENDPOINT_URL_ATHENA ?? `https://athena.${process.env.AWS_REGION ?? "us-east-1"}.amazonaws.com`;

const unavailable = () =>
  new RideError("UNAVAILABLE", "The ride figures cannot be read right now. Please try again shortly.");

/** Athena's answer to a call it refused, as AWS JSON 1.1 words it. */
class AthenaRefusal extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(`Athena refused ${action}: ${status} ${type} ${message}`);
    this.name = "AthenaRefusal";
  }
}

/** One call of Athena's API; throttling, Athena's own failures and a network that fails are UNAVAILABLE (503). */
async function call<T>(action: string, input: object): Promise<T> {
  let response: Response;
  try {
    response = await signedFetch("athena", new URL("/", athenaApi()), {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AmazonAthena.${action}` },
      body: JSON.stringify(input),
    });
  } catch {
    throw unavailable();
  }
  const text = await response.text();
  if (response.ok) return JSON.parse(text) as T;
  let body: { __type?: string; Message?: string; message?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {}
  const type =
    (response.headers.get("x-amzn-errortype") ?? body.__type ?? "").split(/[:#]/).filter(Boolean).pop() ?? "";
  if (response.status >= 500 || /TooManyRequests|Throttl/i.test(type)) throw unavailable();
  throw new AthenaRefusal(action, response.status, type, body.Message ?? body.message ?? text);
}

interface QueryExecution {
  Status: {
    State: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
    StateChangeReason?: string;
    AthenaError?: { ErrorCategory?: number; Retryable?: boolean; ErrorMessage?: string };
  };
}

interface ResultPage {
  ResultSet: {
    Rows: { Data?: { VarCharValue?: string }[] }[];
    ResultSetMetadata: { ColumnInfo: { Name: string }[] };
  };
  NextToken?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one query in the lake's workgroup and database and resolves to its rows by column name, values as text.
 * Past `deadline` (epoch ms) it gives up: 503. A query Athena failed is a 500 (our SQL's fault), unless Athena says
 * retrying may work, which is a 503.
 */
export async function athenaQuery(sql: string, deadline = Date.now() + giveUpMs): Promise<ResultRow[]> {
  const { workgroup, database } = Resource.LakeQueries;
  const { QueryExecutionId: id } = await call<{ QueryExecutionId: string }>("StartQueryExecution", {
    QueryString: sql,
    QueryExecutionContext: { Database: database, Catalog: "AwsDataCatalog" },
    WorkGroup: workgroup,
    // The same SQL within a minute (another operator's dashboard) is answered from the last results, unscanned.
    ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 1 } },
  });
  for (let wait = backoff.firstMs; ; wait = Math.min(backoff.maxMs, wait * backoff.factor)) {
    const { QueryExecution: execution } = await call<{ QueryExecution: QueryExecution }>("GetQueryExecution", {
      QueryExecutionId: id,
    });
    const { State: state, StateChangeReason: reason, AthenaError: error } = execution.Status;
    if (state === "SUCCEEDED") break;
    if (state === "FAILED" || state === "CANCELLED") {
      if (error?.Retryable) throw unavailable();
      throw new Error(`Athena query ${id} ${state}: ${reason ?? error?.ErrorMessage ?? "no reason given"}`);
    }
    if (Date.now() + wait > deadline) throw unavailable();
    await sleep(wait);
  }
  return readResults(id);
}

/** Every page of a finished query's results; the first row of the first page is the column names, not data. */
async function readResults(id: string): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  let token: string | undefined;
  let columns: string[] | undefined;
  do {
    const page = await call<ResultPage>("GetQueryResults", {
      QueryExecutionId: id,
      MaxResults: pageSize,
      ...(token ? { NextToken: token } : {}),
    });
    const header = columns === undefined;
    columns ??= page.ResultSet.ResultSetMetadata.ColumnInfo.map((column) => column.Name);
    const names = columns;
    for (const row of page.ResultSet.Rows.slice(header ? 1 : 0)) {
      rows.push(Object.fromEntries(names.map((name, i) => [name, row.Data?.[i]?.VarCharValue ?? null])));
    }
    token = page.NextToken;
  } while (token);
  return rows;
}

/** What GET /ops/metrics asks: the range in ms, its bucket, and the instants as sent (the cache's key). */
export interface MetricsRequest {
  from?: string;
  to?: string;
  bucket: MetricsBucket;
  fromMs: number;
  toMs: number;
}

const cache = new Map<string, { expires: number; answer: Promise<OpsMetrics> }>();

/**
 * The contract's answer for a range: from the cache when asked for within the last minute (by the same from, to and
 * bucket as sent, so the default "last 24 hours" is one entry), else from Athena, its queries at once, all within
 * `giveUpMs`. A failed answer is not kept.
 */
export function opsMetrics(request: MetricsRequest, now = Date.now()): Promise<OpsMetrics> {
  const key = JSON.stringify([request.from ?? null, request.to ?? null, request.bucket]);
  const kept = cache.get(key);
  if (kept && kept.expires > now) return kept.answer;
  for (const [k, entry] of cache) if (entry.expires <= now) cache.delete(k);
  const deadline = now + giveUpMs;
  const answer = lakeMetrics(
    { fromMs: request.fromMs, toMs: request.toMs, bucket: request.bucket, nowMs: now },
    (sql) => athenaQuery(sql, deadline),
  );
  cache.set(key, { expires: now + cacheMs(), answer });
  answer.catch(() => {
    if (cache.get(key)?.answer === answer) cache.delete(key);
  });
  return answer;
}

/** Forgets every kept answer (tests). */
export function forgetMetrics(): void {
  cache.clear();
}

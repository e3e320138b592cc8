/**
 * GET /ops/metrics's handler (functions/src/handlers/ops/metrics.ts) against the local Athena
 * (local/src/lake/athena.ts) over a lake of Parquet files, as the stack will wire them: `AWS_ENDPOINT_URL_ATHENA`,
 * `SST_RESOURCE_LakeQueries` and the local keys in the environment, the handler called in-process with API Gateway's
 * event. The answer is the contract's JSON (its numbers worked out by hand below), kept for a minute per
 * from/to/bucket; the role is checked first, then the query (400 with details); an Athena that does not answer in
 * time, or at all, is a 503.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { type RideChangeRow, rideChangeColumns } from "@wildrydes/core/lake/ride-change";
import { OpsMetricsSchema } from "@wildrydes/core/rules/api-shapes";
import { RideError } from "@wildrydes/core/rules/errors";
import { type Athena, localLakeQueries, startAthena } from "@wildrydes/local/lake/athena";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import geohash from "ngeohash";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const region = "us-east-1";
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const S = 1000;
const M = 60 * S;
const at = (hours: number, minutes = 0, seconds = 0) => Date.UTC(2026, 2, 1, hours, minutes, seconds);
const usd = (amount: number) => ({ amount, currency: "USD" });
const pikePlace = { lat: 47.6097, lon: -122.3422 }; // cell c23nb5

function row(
  ride: string,
  unicorn: string,
  eventId: string,
  eventMs: number,
  state: Partial<RideChangeRow>,
): RideChangeRow {
  return {
    event_id: eventId,
    event_ms: eventMs,
    ride_id: ride,
    rider_id: "rider-1",
    unicorn_id: unicorn,
    status: "EN_ROUTE",
    cancel_reason: null,
    requested_ms: 0,
    accepted_ms: null,
    arrives_ms: null,
    boarded_ms: null,
    ended_ms: null,
    fare_cents: 1234,
    charged_cents: null,
    pickup_lat: pikePlace.lat,
    pickup_lon: pikePlace.lon,
    pickup_cell: geohash.encode(pikePlace.lat, pikePlace.lon, 6),
    dt: new Date(eventMs).toISOString().slice(0, 10),
    ...state,
  };
}

// R1: aurora, requested 10:05, arrives 10:08 (a 180 s wait), completed 10:30, 1234; its end delivered twice.
const r1 = { requested_ms: at(10, 5), accepted_ms: at(10, 5), arrives_ms: at(10, 8) };
const r1End = row("R1", "aurora", "r1-end", at(10, 30, 10), {
  ...r1,
  status: "COMPLETED",
  boarded_ms: at(10, 9),
  ended_ms: at(10, 30),
  charged_cents: 1234,
});
// R2: blaze, requested 11:00, arrives 11:02 (120 s), cancelled free at 11:01.
const r2 = { requested_ms: at(11), accepted_ms: at(11), arrives_ms: at(11, 2) };
const lake = [
  row("R1", "aurora", "r1-start", at(10, 5), r1),
  r1End,
  r1End,
  row("R2", "blaze", "r2-start", at(11), r2),
  row("R2", "blaze", "r2-end", at(11, 1), { ...r2, status: "CANCELLED", ended_ms: at(11, 1), charged_cents: 0 }),
];

let athena: Athena;
let lakeDir: string;
let handler: (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<{ statusCode?: number; body?: string }>;
let edge: typeof import("@wildrydes/functions/edge/athena");

const literal = (value: unknown) =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value}'`;

/** Writes `rows` as one Parquet file per day, as the Firehose stand-in lays the lake out. */
async function writeLake(rows: RideChangeRow[], name: string) {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  await db.run(`CREATE TABLE t (${rideChangeColumns.map((c) => `${c.name} ${c.duckdb}`).join(", ")})`);
  await db.run(
    `INSERT INTO t VALUES ${rows.map((r) => `(${rideChangeColumns.map((c) => literal(r[c.name])).join(", ")})`).join(", ")}`,
  );
  for (const dt of new Set(rows.map((r) => r.dt))) {
    const dir = path.join(lakeDir, "ride_changes", `dt=${dt}`);
    await mkdir(dir, { recursive: true });
    await db.run(`COPY (SELECT * EXCLUDE (dt) FROM t WHERE dt = '${dt}') TO '${dir}/${name}.parquet' (FORMAT parquet)`);
  }
  db.closeSync();
  instance.closeSync();
}

beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(tmpdir(), "ops-lake-"));
  await writeLake(lake, "first");
  athena = await startAthena({ port: 0, region, credentials, lakeDir, ...localLakeQueries });
  // What the stack gives the handlers (local/src/plumbing/handler-environment.ts), for the lake.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_ATHENA: athena.url,
    SST_RESOURCE_LakeQueries: JSON.stringify({ ...localLakeQueries, type: "sst.sst.Linkable" }),
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  });
  delete process.env.AWS_SESSION_TOKEN;
  // The cloud's minute-long cache, which this file tests (a stack started in this worker before sets it to none).
  delete process.env.OPS_METRICS_CACHE_SECONDS;
  ({ handler } = await import("@wildrydes/functions/handlers/ops/metrics"));
  edge = await import("@wildrydes/functions/edge/athena");
});
afterAll(async () => {
  await athena?.stop();
  if (lakeDir) rmSync(lakeDir, { recursive: true, force: true });
});
beforeEach(() => edge.forgetMetrics());

const context = { awsRequestId: "req-ops", functionName: "ops-metrics" } as Context;

/** GET /ops/metrics as an account of `groups` (null: a rider, in no group). */
async function get(query: Record<string, string> = {}, groups: string | null = "[operators]") {
  const event = {
    headers: {},
    isBase64Encoded: false,
    queryStringParameters: query,
    requestContext: {
      authorizer: { jwt: { claims: { sub: "op-1", ...(groups ? { "cognito:groups": groups } : {}) }, scopes: [] } },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const result = await handler(event, context);
  return { status: result.statusCode, body: JSON.parse(result.body ?? "null") };
}

const range = { from: "2026-03-01T10:00:00Z", to: "2026-03-01T12:00:00Z" };

describe("GET /ops/metrics on the local Athena", () => {
  it("answers the contract's JSON from the lake", async () => {
    const { status, body } = await get({ ...range, bucket: "hour" });
    expect(status).toBe(200);
    expect(OpsMetricsSchema.parse(body)).toEqual(body);
    expect(body).toEqual({
      from: "2026-03-01T10:00:00.000Z",
      to: "2026-03-01T12:00:00.000Z",
      bucket: "hour",
      series: [
        {
          start: "2026-03-01T10:00:00.000Z",
          requested: 1,
          completed: 1,
          cancelled: 0,
          noShows: 0,
          revenue: usd(1234),
          pickupWaitSeconds: { p50: 180, p90: 180 },
        },
        {
          start: "2026-03-01T11:00:00.000Z",
          requested: 1,
          completed: 0,
          cancelled: 1,
          noShows: 0,
          revenue: usd(0),
          pickupWaitSeconds: { p50: 120, p90: 120 },
        },
      ],
      totals: { requested: 2, completed: 1, cancelled: 1, noShows: 0, revenue: usd(1234) },
      unicorns: [
        { unicornId: "aurora", rides: 1, revenue: usd(1234), busySeconds: 25 * 60 },
        { unicornId: "blaze", rides: 0, revenue: usd(0), busySeconds: 60 },
      ],
      pickups: [{ cell: "c23nb5", latitude: 47.61199951171875, longitude: -122.3382568359375, rides: 2 }],
      asOf: "2026-03-01T11:01:00.000Z",
    });
  });

  it("buckets by day, and ignores unknown query parameters", async () => {
    const { status, body } = await get({ ...range, bucket: "day", _: "1712345678901" });
    expect(status).toBe(200);
    expect(body.series).toHaveLength(1);
    expect(body.series[0]).toMatchObject({ start: "2026-03-01T00:00:00.000Z", requested: 2, completed: 1 });
  });

  it("answers the last 24 hours by the hour when not told", async () => {
    const before = Date.now();
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body.bucket).toBe("hour");
    const [from, to] = [Date.parse(body.from), Date.parse(body.to)];
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to - from).toBe(24 * 60 * M);
    expect(body.series.length).toBeGreaterThanOrEqual(24);
    expect(body.series.length).toBeLessThanOrEqual(25);
    expect(body.totals.requested).toBe(0);
    // Nothing in the last day: as of the lake's newest change before it.
    expect(body.asOf).toBe("2026-03-01T11:01:00.000Z");
  });

  it("keeps an answer for a minute per from, to and bucket", async () => {
    const first = await get(range);
    // R3 arrives in the lake: an answer already given for this range is kept, another range sees it.
    await writeLake(
      [row("R3", "aurora", "r3-start", at(11, 30), { requested_ms: at(11, 30), accepted_ms: at(11, 30) })],
      "second",
    );
    expect((await get(range)).body).toEqual(first.body);
    expect((await get({ ...range, bucket: "day" })).body.totals.requested).toBe(3);
    edge.forgetMetrics();
    expect((await get(range)).body.totals.requested).toBe(3);
  });

  it("is the operators' route: a rider or a unicorn is refused 403, whatever the query", async () => {
    for (const groups of [null, "[unicorns]"]) {
      const { status, body } = await get({ bucket: "week" }, groups);
      expect(status).toBe(403);
      expect(body.error.code).toBe("FORBIDDEN");
    }
  });

  it("refuses a query it cannot answer: 400 VALIDATION_ERROR naming the field", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: "yesterday" }, "from"],
      [{ ...range, to: "2026-03-01" }, "to"],
      [{ ...range, bucket: "week" }, "bucket"],
      [{ from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" }, "to"],
      [{ from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:01Z" }, "to"],
      [{ from: "1969-12-31T00:00:00Z", to: "1970-01-01T00:00:00Z" }, "from"],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await get(query);
      expect([JSON.stringify(query), status, body.error.code]).toEqual([
        JSON.stringify(query),
        400,
        "VALIDATION_ERROR",
      ]);
      expect(body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    // 31 days exactly is allowed; an offset is an instant too.
    expect((await get({ from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", bucket: "day" })).status).toBe(200);
    expect((await get({ from: "2026-03-01T11:00:00+01:00", to: "2026-03-01T12:00:00Z" })).body.from).toBe(
      "2026-03-01T10:00:00.000Z",
    );
  });
});

describe("Athena's API, from the function", () => {
  /** An Athena that starts queries and never finishes them, or one that answers 500 to everything. */
  async function withFakeAthena<T>(answer: "running" | "broken", body: () => Promise<T>): Promise<T> {
    const server = http.createServer((request, response) => {
      const target = String(request.headers["x-amz-target"]);
      request.resume();
      if (answer === "broken") {
        response.writeHead(500, { "content-type": "application/x-amz-json-1.1" });
        return void response.end(JSON.stringify({ __type: "InternalServerException", Message: "down" }));
      }
      response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      response.end(
        JSON.stringify(
          target.endsWith("StartQueryExecution")
            ? { QueryExecutionId: "q-1" }
            : { QueryExecution: { QueryExecutionId: "q-1", Status: { State: "RUNNING" } } },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const saved = process.env.AWS_ENDPOINT_URL_ATHENA;
    process.env.AWS_ENDPOINT_URL_ATHENA = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      return await body();
    } finally {
      process.env.AWS_ENDPOINT_URL_ATHENA = saved;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }

  const unavailable = (error: unknown) => error instanceof RideError && error.code === "UNAVAILABLE";

  it("gives up on a query still running at its deadline: UNAVAILABLE (503)", async () => {
    await withFakeAthena("running", async () => {
      const started = Date.now();
      const error = await edge.athenaQuery("SELECT 1", Date.now() + 600).catch((e: unknown) => e);
      expect(unavailable(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  it("answers 503 when Athena fails or cannot be reached", async () => {
    await withFakeAthena("broken", async () => {
      const { status, body } = await get({ ...range, bucket: "day", from: "2026-02-27T00:00:00Z" });
      expect(status).toBe(503);
      expect(body.error.code).toBe("UNAVAILABLE");
    });
    const saved = process.env.AWS_ENDPOINT_URL_ATHENA;
    process.env.AWS_ENDPOINT_URL_ATHENA = "http://127.0.0.1:9";
    try {
      expect(unavailable(await edge.athenaQuery("SELECT 1").catch((e: unknown) => e))).toBe(true);
    } finally {
      process.env.AWS_ENDPOINT_URL_ATHENA = saved;
    }
  });

  it("reads every page of a large result, and rejects a query Athena failed", async () => {
    const rows = await edge.athenaQuery("SELECT range AS n FROM range(2345)");
    expect(rows).toHaveLength(2345);
    expect(rows[2344]).toEqual({ n: "2344" });
    await expect(edge.athenaQuery("SELECT nothing FROM ride_changes")).rejects.toThrow(/FAILED/);
  });
});

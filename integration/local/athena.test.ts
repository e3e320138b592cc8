/**
 * The local Athena (local/src/lake/athena.ts) as Athena's API documents it: StartQueryExecution, then
 * GetQueryExecution until SUCCEEDED or FAILED (with the reason), then GetQueryResults (the column names first, NULL
 * as an empty Data entry, pages of MaxResults ≤ 1000 with a NextToken), every call signed with SigV4 for service
 * "athena". The SQL runs on DuckDB over the lake's Parquet files, and an empty lake is an empty table.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Sha256 } from "@aws-crypto/sha256-js";
import { DuckDBInstance } from "@duckdb/node-api";
import { SignatureV4 } from "@smithy/signature-v4";
import { type Athena, startAthena } from "@wildrydes/local/lake/athena";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const region = "us-east-1";
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const workgroup = "test-lake";
const database = "test_lake";

let athena: Athena;
let lakeDir: string;

beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(tmpdir(), "athena-lake-"));
  athena = await startAthena({ port: 0, region, credentials, lakeDir, workgroup, database });
});
afterAll(async () => {
  await athena?.stop();
  if (lakeDir) rmSync(lakeDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  body: Record<string, unknown> & { __type?: string; Message?: string };
}

/** One call of Athena's JSON 1.1 API, signed as `signAs` says (or not at all). */
async function call(
  action: string,
  input: object,
  signAs: { service?: string; secretAccessKey?: string } | null = {},
): Promise<Reply> {
  const url = new URL("/", athena.url);
  const body = JSON.stringify(input);
  const headers = {
    host: url.host,
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": `AmazonAthena.${action}`,
  };
  const signed =
    signAs === null
      ? { headers }
      : await new SignatureV4({
          service: signAs.service ?? "athena",
          region,
          credentials: {
            ...credentials,
            ...(signAs.secretAccessKey ? { secretAccessKey: signAs.secretAccessKey } : {}),
          },
          sha256: Sha256,
        }).sign({
          method: "POST",
          protocol: url.protocol,
          hostname: url.hostname,
          port: Number(url.port),
          path: url.pathname,
          headers,
          body,
        });
  const response = await fetch(url, { method: "POST", headers: signed.headers, body });
  return { status: response.status, body: (await response.json()) as Reply["body"] };
}

const start = async (sql: string, extra: object = {}) => {
  const reply = await call("StartQueryExecution", {
    QueryString: sql,
    QueryExecutionContext: { Database: database, Catalog: "AwsDataCatalog" },
    WorkGroup: workgroup,
    ...extra,
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.QueryExecutionId as string;
};

type Status = { State: string; StateChangeReason?: string; AthenaError?: { Retryable: boolean } };

/** Polls GetQueryExecution until the query has ended; the states seen on the way, and its last status. */
async function poll(id: string): Promise<{ seen: string[]; status: Status }> {
  const seen: string[] = [];
  for (;;) {
    const reply = await call("GetQueryExecution", { QueryExecutionId: id });
    expect(reply.status).toBe(200);
    const execution = reply.body.QueryExecution as { QueryExecutionId: string; Status: Status };
    expect(execution.QueryExecutionId).toBe(id);
    if (seen.at(-1) !== execution.Status.State) seen.push(execution.Status.State);
    if (!["QUEUED", "RUNNING"].includes(execution.Status.State)) return { seen, status: execution.Status };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Page {
  ResultSet: {
    Rows: { Data: { VarCharValue?: string }[] }[];
    ResultSetMetadata: { ColumnInfo: { Name: string; Type: string }[] };
  };
  NextToken?: string;
}

async function results(id: string, extra: object = {}): Promise<Reply & { page: Page }> {
  const reply = await call("GetQueryResults", { QueryExecutionId: id, ...extra });
  return { ...reply, page: reply.body as unknown as Page };
}

const values = (page: Page) => page.ResultSet.Rows.map((row) => row.Data.map((d) => d.VarCharValue ?? null));

/** Writes rows into the lake's day folder `dt` as one Parquet file, as the Firehose stand-in does. */
async function writeDay(dt: string, rows: { event_id: string; event_ms: number; ride_id: string }[], name = "a") {
  const dir = path.join(lakeDir, "ride_changes", `dt=${dt}`);
  await mkdir(dir, { recursive: true });
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  const tuples = rows.map((r) => `('${r.event_id}', ${r.event_ms}::BIGINT, '${r.ride_id}', 'COMPLETED')`).join(", ");
  await db.run(
    `COPY (SELECT * FROM (VALUES ${tuples}) AS t(event_id, event_ms, ride_id, status)) TO '${dir}/${name}.parquet' (FORMAT parquet)`,
  );
  db.closeSync();
  instance.closeSync();
}

describe("the local Athena", () => {
  it("answers an empty lake: ride_changes has every column and no row", async () => {
    const id = await start("SELECT COUNT(*) AS n, MAX(event_ms) AS newest, MAX(pickup_lat) AS lat FROM ride_changes");
    expect((await poll(id)).status.State).toBe("SUCCEEDED");
    const { page } = await results(id);
    expect(values(page)).toEqual([
      ["n", "newest", "lat"],
      ["0", null, null],
    ]);
    expect(page.ResultSet.ResultSetMetadata.ColumnInfo.map((c) => [c.Name, c.Type])).toEqual([
      ["n", "bigint"],
      ["newest", "bigint"],
      ["lat", "double"],
    ]);
  });

  it("runs a query: QUEUED or RUNNING, then SUCCEEDED; the column names first, then the rows, NULL as no value", async () => {
    await writeDay("2026-03-01", [
      { event_id: "e1", event_ms: 1_772_359_200_000, ride_id: "r1" },
      { event_id: "e2", event_ms: 1_772_359_260_000, ride_id: "r2" },
    ]);
    const id = await start(
      "SELECT event_id, event_ms, dt, unicorn_id FROM ride_changes WHERE dt BETWEEN '2026-02-28' AND '2026-03-02' ORDER BY event_ms",
    );
    const { seen, status } = await poll(id);
    expect(seen.at(-1)).toBe("SUCCEEDED");
    expect(["QUEUED", "RUNNING"]).toContain(seen[0]);
    expect(status.StateChangeReason).toBeUndefined();
    const { status: code, page } = await results(id);
    expect(code).toBe(200);
    expect(values(page)).toEqual([
      ["event_id", "event_ms", "dt", "unicorn_id"],
      ["e1", "1772359200000", "2026-03-01", null],
      ["e2", "1772359260000", "2026-03-01", null],
    ]);
    expect(page.ResultSet.Rows[1]?.Data[3]).toEqual({});
    expect(page.ResultSet.ResultSetMetadata.ColumnInfo.map((c) => c.Type)).toEqual([
      "varchar",
      "bigint",
      "varchar",
      "varchar",
    ]);
    expect(page.NextToken).toBeUndefined();
  });

  it("reads files written after it started, and only the partitions a query's dt filter names", async () => {
    await writeDay("2026-03-05", [{ event_id: "e3", event_ms: 1_772_704_800_000, ride_id: "r3" }], "later");
    const all = await start("SELECT COUNT(*) AS n FROM ride_changes");
    await poll(all);
    expect(values((await results(all)).page)[1]).toEqual(["3"]);
    const day = await start("SELECT COUNT(*) AS n FROM ride_changes WHERE dt = '2026-03-05'");
    await poll(day);
    expect(values((await results(day)).page)[1]).toEqual(["1"]);
  });

  it("pages at MaxResults (the header counted) with a NextToken, and refuses pages over 1000", async () => {
    const id = await start("SELECT range AS i FROM range(2500) ORDER BY i");
    await poll(id);
    const rows: (string | null)[][] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const { status, page } = await results(id, { MaxResults: 1000, ...(token ? { NextToken: token } : {}) });
      expect(status).toBe(200);
      sizes.push(page.ResultSet.Rows.length);
      rows.push(...values(page));
      token = page.NextToken;
    } while (token);
    expect(sizes).toEqual([1000, 1000, 501]);
    expect(rows[0]).toEqual(["i"]);
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    const small = await results(id, { MaxResults: 3 });
    expect(values(small.page)).toEqual([["i"], ["0"], ["1"]]);

    const tooMany = await results(id, { MaxResults: 1001 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.__type).toBe("InvalidRequestException");
    const forged = await results(id, { NextToken: "bm90LWEtdG9rZW4" });
    expect(forged.status).toBe(400);
    expect(forged.body.__type).toBe("InvalidRequestException");
  });

  it("fails a query it cannot run with the reason, and then has no results to give", async () => {
    const id = await start("SELECT no_such_column FROM ride_changes");
    const { status } = await poll(id);
    expect(status.State).toBe("FAILED");
    expect(status.StateChangeReason).toMatch(/no_such_column/);
    expect(status.AthenaError?.Retryable).toBe(false);
    const { status: code, body } = await results(id);
    expect(code).toBe(400);
    expect(body.__type).toBe("InvalidRequestException");

    for (const sql of [
      "SELEC 1",
      "SELECT 1; SELECT 2",
      "CREATE TABLE t AS SELECT 1",
      "COPY (SELECT 1) TO 'x.csv'",
      "SELECT * FROM read_csv('/etc/passwd')",
    ]) {
      const failed = await poll(await start(sql));
      expect(failed.status.State, sql).toBe("FAILED");
      expect(failed.status.StateChangeReason, sql).toBeTruthy();
    }
  });

  it("fails a query in another database, and refuses another workgroup and unknown executions", async () => {
    const elsewhere = await start("SELECT 1", { QueryExecutionContext: { Database: "other" } });
    const { status } = await poll(elsewhere);
    expect(status.State).toBe("FAILED");
    expect(status.StateChangeReason).toMatch(/SCHEMA_NOT_FOUND/);

    const wrongGroup = await call("StartQueryExecution", { QueryString: "SELECT 1", WorkGroup: "primary" });
    expect(wrongGroup.status).toBe(400);
    expect(wrongGroup.body).toMatchObject({
      __type: "InvalidRequestException",
      Message: "WorkGroup primary is not found.",
    });

    const unknown = await call("GetQueryExecution", { QueryExecutionId: "00000000-0000-0000-0000-000000000000" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.__type).toBe("InvalidRequestException");

    const operation = await call("ListWorkGroups", {});
    expect(operation.status).toBe(400);
    expect(operation.body.__type).toBe("UnknownOperationException");
  });

  it("starts one execution per ClientRequestToken", async () => {
    const token = "a-client-request-token-of-32-chars-or-more";
    const first = await start("SELECT 1 AS one", { ClientRequestToken: token });
    const again = await start("SELECT 1 AS one", { ClientRequestToken: token });
    expect(again).toBe(first);
  });

  it("refuses unsigned calls, other keys and signatures for another service", async () => {
    const input = { QueryString: "SELECT 1", WorkGroup: workgroup };
    const unsigned = await call("StartQueryExecution", input, null);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.__type).toBe("MissingAuthenticationTokenException");
    const forged = await call("StartQueryExecution", input, { secretAccessKey: "not-the-key" });
    expect(forged.status).toBe(400);
    expect(forged.body.__type).toBe("InvalidSignatureException");
    const lambda = await call("StartQueryExecution", input, { service: "lambda" });
    expect(lambda.status).toBe(400);
    expect(lambda.body.__type).toBe("InvalidSignatureException");
  });
});

/**
 * The ride-events lake's write side, locally (issue 23): the Firehose stand-in (local/src/lake/firehose.ts) takes
 * `PutRecordBatch` signed as the handlers sign it, refuses what Firehose refuses, and writes buffered rows as Parquet
 * into `dt=` folders within its buffering interval (and at stop); DuckDB reads them back with the schema's types. The
 * RideLake subscriber end to end: a redelivered record is a second row with the same event id, and records Firehose
 * refuses fail only their own stream records.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Sha256 } from "@aws-crypto/sha256-js";
import { marshall } from "@aws-sdk/util-dynamodb";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { SignatureV4 } from "@smithy/signature-v4";
import { type RideChangeRow, rideChangeColumns, toRideChangeRow } from "@wildrydes/core/lake/ride-change";
import type { Ride } from "@wildrydes/core/rules/api-shapes";
import { sampleDispatchingRide, sampleRide } from "@wildrydes/core/rules/sample-ride";
import { Keys } from "@wildrydes/core/store/keys";
import type { RideItem } from "@wildrydes/core/store/ride-item";
import { putRecords } from "@wildrydes/functions/edge/firehose";
import { type Firehose, localDeliveryStream, startFirehose } from "@wildrydes/local/lake/firehose";
import { conversionErrorsDir, rideChangesDir, rideChangesSource } from "@wildrydes/local/lake/layout";
import { localCredentials } from "@wildrydes/local/plumbing/handler-environment";
import { freePort } from "@wildrydes/local/plumbing/processes";
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";

const region = "us-east-1";
// What the stack gives the handlers (local/src/plumbing/handler-environment.ts), the lake's link included.
Object.assign(process.env, {
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  SST_RESOURCE_App: JSON.stringify({ name: "wildrydes", stage: "local" }),
  SST_RESOURCE_Lake: JSON.stringify({ deliveryStream: localDeliveryStream, type: "sst.sst.Linkable" }),
});
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;

let reader: DuckDBConnection;
let readerInstance: DuckDBInstance;
beforeAll(async () => {
  readerInstance = await DuckDBInstance.create(":memory:");
  reader = await readerInstance.connect();
});
afterAll(() => {
  reader?.closeSync();
  readerInstance?.closeSync();
});

/** A stand-in of the test's own, on a fresh lake, where the handlers send (AWS_ENDPOINT_URL_FIREHOSE). */
async function openLake(flushSeconds = 1, partitionBy?: "event-day" | "arrival-day") {
  const lakeDir = mkdtempSync(path.join(os.tmpdir(), "wr-lake-"));
  const firehose = await startFirehose({
    port: await freePort(),
    region,
    credentials: localCredentials,
    lakeDir,
    flushSeconds,
    partitionBy,
  });
  process.env.AWS_ENDPOINT_URL_FIREHOSE = firehose.url;
  onTestFinished(async () => {
    await firehose.stop();
    rmSync(lakeDir, { recursive: true, force: true });
  });
  return { firehose, lakeDir };
}

const filesUnder = (dir: string, suffix: string) => {
  try {
    return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(suffix)).sort();
  } catch {
    return [];
  }
};
const parquetFiles = (lakeDir: string) => filesUnder(rideChangesDir(lakeDir), ".parquet");

async function query(sql: string) {
  return (await reader.runAndReadAll(sql)).getRowObjectsJS();
}
const lakeRows = (lakeDir: string, where = "") =>
  query(`SELECT * FROM ${rideChangesSource(lakeDir)} ${where} ORDER BY event_id, event_ms`);

/** A row as DuckDB gives it back: BIGINT columns as bigint. */
const asRead = (row: RideChangeRow) =>
  Object.fromEntries(
    rideChangeColumns.map((c) => {
      const value = row[c.name];
      return [c.name, c.duckdb === "BIGINT" && value !== null ? BigInt(value) : value];
    }),
  );

const stored = (riderId: string, ride: Ride): RideItem =>
  ({ ...Keys.ride(riderId, ride.rideId), kind: "ride", riderId, ...ride }) as RideItem;

const enRoute = stored("rider-a", sampleRide({ rideId: "01JZ0000000000000000000001" }));
const dispatching = stored("rider-b", sampleDispatchingRide({ rideId: "01JZ0000000000000000000002" }));
const completed = stored(
  "rider-a",
  sampleRide({
    rideId: "01JZ0000000000000000000003",
    status: "COMPLETED",
    boardedAt: "2030-01-01T10:02:00.000Z",
    completedAt: "2030-01-01T10:05:00.000Z",
    charged: { amount: 500, currency: "USD" },
  }),
);

/** Rows on two days: the last second of one and the first of the next. */
const rows = [
  toRideChangeRow(enRoute, "event-1", Date.parse("2030-01-01T23:59:59.500Z")),
  toRideChangeRow(dispatching, "event-2", Date.parse("2030-01-02T00:00:00.250Z")),
  toRideChangeRow(completed, "event-3", Date.parse("2030-01-02T08:00:00.000Z")),
];

/** A raw call, signed as the handlers sign it unless told otherwise. */
async function call(
  firehose: Firehose,
  body: unknown,
  o: { sign?: "local" | "none" | "wrong secret"; target?: string } = {},
) {
  const url = new URL(firehose.url);
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const headers = {
    host: url.host,
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": o.target ?? "Firehose_20150804.PutRecordBatch",
  };
  const sign = o.sign ?? "local";
  const credentials =
    sign === "wrong secret" ? { ...localCredentials, secretAccessKey: "not-the-secret" } : localCredentials;
  const signed =
    sign === "none"
      ? { headers }
      : await new SignatureV4({ service: "firehose", region, credentials, sha256: Sha256 }).sign({
          method: "POST",
          protocol: url.protocol,
          hostname: url.hostname,
          port: Number(url.port),
          path: "/",
          headers,
          body: text,
        });
  const answer = await fetch(url, { method: "POST", headers: signed.headers, body: text });
  return {
    status: answer.status,
    errorType: answer.headers.get("x-amzn-errortype"),
    body: (await answer.json()) as Record<string, unknown>,
  };
}

const batch = (records: readonly unknown[], stream = localDeliveryStream) => ({
  DeliveryStreamName: stream,
  Records: records.map((r) => ({ Data: Buffer.from(`${JSON.stringify(r)}\n`).toString("base64") })),
});

async function until(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe("the Firehose stand-in", () => {
  it("writes buffered rows as Parquet in their dt= folders within the buffering interval, read back exactly", async () => {
    const { lakeDir } = await openLake(1);
    const sent = Date.now();
    expect(await putRecords(localDeliveryStream, rows)).toEqual([null, null, null]);
    expect(parquetFiles(lakeDir)).toEqual([]); // buffered, not yet written
    await until(() => parquetFiles(lakeDir).length === 2, 3000, "the flush");
    expect(Date.now() - sent).toBeLessThan(2000);
    // One file per day partition; `dt` is the folder, not a column of the files.
    expect(parquetFiles(lakeDir).map((f) => path.dirname(f))).toEqual(["dt=2030-01-01", "dt=2030-01-02"]);
    const file = path.join(rideChangesDir(lakeDir), parquetFiles(lakeDir)[0] ?? "");
    const columns = await query(`SELECT name FROM parquet_schema('${file}') WHERE name <> 'duckdb_schema'`);
    expect(columns.map((c) => c.name)).toEqual(rideChangeColumns.filter((c) => c.name !== "dt").map((c) => c.name));

    const types = await query(`DESCRIBE SELECT * FROM ${rideChangesSource(lakeDir)}`);
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual(rideChangeColumns.map((c) => [c.name, c.duckdb]));
    expect(await lakeRows(lakeDir)).toEqual(rows.map(asRead));
    // The dispatching ride's row keeps its nulls.
    expect((await lakeRows(lakeDir, "WHERE event_id = 'event-2'"))[0]).toMatchObject({
      unicorn_id: null,
      accepted_ms: null,
      arrives_ms: null,
      charged_cents: null,
    });
  });

  it("files a flush under the day its oldest record arrived when told to, as the cloud's timestamp prefix does", async () => {
    const { firehose, lakeDir } = await openLake(600, "arrival-day");
    const today = () => new Date().toISOString().slice(0, 10);
    const before = today();
    expect(await putRecords(localDeliveryStream, rows)).toEqual([null, null, null]);
    const after = today();
    await firehose.flush();
    const [file, ...more] = parquetFiles(lakeDir);
    expect(more).toEqual([]);
    const day = path.dirname(file ?? "").replace("dt=", "");
    expect([before, after]).toContain(day);
    expect(await lakeRows(lakeDir)).toEqual(rows.map((row) => asRead({ ...row, dt: day })));
  });

  it("writes what is buffered when it stops", async () => {
    const { firehose, lakeDir } = await openLake(600);
    expect(await putRecords(localDeliveryStream, rows)).toEqual([null, null, null]);
    await sleep(200);
    expect(parquetFiles(lakeDir)).toEqual([]);
    await firehose.stop();
    expect(parquetFiles(lakeDir)).toHaveLength(2);
    expect(await lakeRows(lakeDir)).toEqual(rows.map(asRead));
  });

  it("never writes a flushed row twice: each flush writes only what came since", async () => {
    const { firehose, lakeDir } = await openLake(600);
    await putRecords(localDeliveryStream, rows.slice(0, 1));
    await firehose.flush();
    await firehose.flush(); // nothing new: no file
    await putRecords(localDeliveryStream, rows.slice(0, 1)); // the same row again, as a redelivery sends it
    await firehose.flush();
    expect(parquetFiles(lakeDir)).toHaveLength(2);
    expect(await query(`SELECT count(*)::INT AS n FROM ${rideChangesSource(lakeDir)}`)).toEqual([{ n: 2 }]);
  });

  it("refuses unsigned and wrongly signed calls, as AWS's JSON services do", async () => {
    const { firehose, lakeDir } = await openLake(600);
    const unsigned = await call(firehose, batch(rows), { sign: "none" });
    expect(unsigned).toMatchObject({ status: 400, errorType: "MissingAuthenticationTokenException" });
    expect(unsigned.body.__type).toBe("MissingAuthenticationTokenException");
    const forged = await call(firehose, batch(rows), { sign: "wrong secret" });
    expect(forged).toMatchObject({ status: 400, body: { __type: "InvalidSignatureException" } });
    await firehose.flush();
    expect(parquetFiles(lakeDir)).toEqual([]);
  });

  it("answers an unknown stream, bad JSON, another operation and bad data with Firehose's errors", async () => {
    const { firehose } = await openLake(600);
    const unknown = await call(firehose, batch(rows, "no-such-stream"));
    expect(unknown).toMatchObject({
      status: 400,
      errorType: "ResourceNotFoundException",
      body: { __type: "ResourceNotFoundException", message: expect.stringContaining("no-such-stream") },
    });
    expect(await call(firehose, "{not json")).toMatchObject({
      status: 400,
      body: { __type: "SerializationException" },
    });
    const notBase64 = { DeliveryStreamName: localDeliveryStream, Records: [{ Data: "not base64!" }] };
    expect(await call(firehose, notBase64)).toMatchObject({ status: 400, body: { __type: "SerializationException" } });
    expect(await call(firehose, { DeliveryStreamName: localDeliveryStream, Records: [] })).toMatchObject({
      status: 400,
      body: { __type: "ValidationException" },
    });
    const other = await call(firehose, batch(rows), { target: "Firehose_20150804.DeleteDeliveryStream" });
    expect(other).toMatchObject({ status: 400, body: { __type: "UnknownOperationException" } });
  });

  it("refuses more than 500 records or 4 MiB in one call whole, and putRecords splits its calls to fit", async () => {
    const { firehose, lakeDir } = await openLake(600);
    const many = Array.from({ length: 501 }, (_, i) => ({ ...rows[0], event_id: `many-${i}` }) as RideChangeRow);
    // Firehose checks the model's constraint first: ValidationException, as AWS answers it.
    const tooMany = await call(firehose, batch(many));
    expect(tooMany).toMatchObject({ status: 400, body: { __type: "ValidationException" } });
    expect(tooMany.body.message).toContain("less than or equal to 500");
    const big = "x".repeat(900_000);
    const tooBig = await call(firehose, batch(Array.from({ length: 5 }, () => ({ big }))));
    expect(tooBig).toMatchObject({
      status: 400,
      body: { __type: "InvalidArgumentException", message: "Records size exceeds 4 MB limit" },
    });
    await firehose.flush();
    expect(parquetFiles(lakeDir)).toEqual([]);

    expect((await putRecords(localDeliveryStream, many)).every((outcome) => outcome === null)).toBe(true);
    await firehose.flush();
    expect(await query(`SELECT count(*)::INT AS n FROM ${rideChangesSource(lakeDir)}`)).toEqual([{ n: 501 }]);
  });

  it("takes a record that is no ride change, and writes it to the error output instead of the lake", async () => {
    const { firehose, lakeDir } = await openLake(600);
    const answer = await call(firehose, batch([rows[0], { ...rows[1], fare_cents: "lots" }]));
    expect(answer).toMatchObject({ status: 200, body: { FailedPutCount: 0, Encrypted: false } });
    expect(answer.body.RequestResponses).toEqual([{ RecordId: expect.any(String) }, { RecordId: expect.any(String) }]);
    await firehose.flush();
    expect(await lakeRows(lakeDir)).toEqual([asRead(rows[0] as RideChangeRow)]);
    const errors = filesUnder(conversionErrorsDir(lakeDir), ".jsonl");
    expect(errors).toHaveLength(1);
  });
});

describe("the RideLake subscriber", () => {
  const context = {
    functionName: "RideLake",
    awsRequestId: "request",
    getRemainingTimeInMillis: () => 60_000,
  } as unknown as Context;
  const record = (ride: RideItem, eventID: string, sequence: string, at: string): DynamoDBRecord => ({
    eventID,
    eventName: "MODIFY",
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.parse(at) / 1000),
      Keys: marshall({ pk: ride.pk, sk: ride.sk }) as never,
      NewImage: marshall(ride, { removeUndefinedValues: true }) as never,
      SequenceNumber: sequence,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
    eventSourceARN: "arn:aws:dynamodb:us-east-1:000000000000:table/wildrydes-local/stream/local",
  });
  const first = record(enRoute, "stream-event-1", "100", "2030-01-01T10:00:30Z");
  const second = record(completed, "stream-event-2", "200", "2030-01-01T10:05:00Z");
  const invoke = async (records: DynamoDBRecord[]) => {
    const { handler } = await import("@wildrydes/functions/handlers/stream/ride-lake");
    return handler({ Records: records } as DynamoDBStreamEvent, context);
  };

  it("sends each change as its lake row; a redelivered record is a second row with the same event id", async () => {
    const { firehose, lakeDir } = await openLake(600);
    expect(await invoke([first, second])).toEqual({ batchItemFailures: [] });
    expect(await invoke([second])).toEqual({ batchItemFailures: [] }); // the stream delivers it again
    await firehose.flush();
    expect(
      await query(
        `SELECT count(*)::INT AS n, count(DISTINCT event_id)::INT AS events FROM ${rideChangesSource(lakeDir)}`,
      ),
    ).toEqual([{ n: 3, events: 2 }]);
    const expected = toRideChangeRow(enRoute, "stream-event-1", Date.parse("2030-01-01T10:00:30Z"));
    expect(await lakeRows(lakeDir, "WHERE event_id = 'stream-event-1'")).toEqual([asRead(expected)]);
  });

  it("fails only the records Firehose refused, so only they are retried", async () => {
    const { firehose, lakeDir } = await openLake(600);
    firehose.refuseNext(1);
    expect(await invoke([first, second])).toEqual({ batchItemFailures: [{ itemIdentifier: "100" }] });
    await firehose.flush();
    expect((await lakeRows(lakeDir)).map((r) => r.event_id)).toEqual(["stream-event-2"]);
    // Lambda retries the failed record alone, and this time Firehose takes it.
    expect(await invoke([first])).toEqual({ batchItemFailures: [] });
    // Every record refused: the whole batch fails, and Lambda retries (or bisects) it.
    firehose.refuseNext(2);
    await expect(invoke([first, second])).rejects.toThrow();
    await firehose.flush();
    expect((await lakeRows(lakeDir)).map((r) => r.event_id)).toEqual(["stream-event-1", "stream-event-2"]);
  });

  it("fails every record when Firehose cannot be reached", async () => {
    const { firehose } = await openLake(600);
    await firehose.stop();
    await expect(invoke([first, second])).rejects.toThrow();
  });
});

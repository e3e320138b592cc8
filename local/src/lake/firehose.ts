/**
 * Amazon Data Firehose on this machine, for the ride-events lake (issue 23): one delivery stream that takes
 * `PutRecordBatch` (AWS JSON 1.1, SigV4 for service "firehose" checked as the other stand-ins do) and does what the
 * cloud's stream (infra/lake.ts) does with format conversion to Parquet: it buffers the records (JSON rows of
 * core/src/lake/ride-change.ts) and every `flushSeconds` (Firehose's buffering interval) writes them as Parquet, one
 * file per day partition, under `<lakeDir>/ride_changes/dt=YYYY-MM-DD/` (./layout.ts), without `dt` in the file.
 * Files are written by DuckDB (in memory, one connection) beside the lake and renamed into place whole. A record that
 * is no row of the schema goes to the error output under `<lakeDir>/errors/`, as Firehose's conversion sends it. Rows
 * are written as they came: a stream record delivered twice is two rows with one event id, which the lake's queries
 * count once; a row is in one flush only.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { type DuckDBAppender, DuckDBInstance } from "@duckdb/node-api";
import { type RideChangeRow, rideChangeColumns } from "@wildrydes/core/lake/ride-change";
import { type Credentials, createSignatureVerifier } from "../live/sigv4";
/** The lake's delivery stream as the handlers' link names it (`Resource.Lake.deliveryStream`). */
import { localDeliveryStream } from "../plumbing/handler-environment";
import { guarded, listenOnLoopback, readBodyUpTo } from "../plumbing/processes";
import { conversionErrorsDir, partitionDir, sqlString, stagingDir } from "./layout";

export { localDeliveryStream };

export interface FirehoseOptions {
  /** 0 = any free port. */
  port: number;
  /** The region and keys a call must be signed with. */
  region: string;
  credentials: Credentials;
  /** The lake's root: `.local/lake` for a persisted stack, else a temporary directory. */
  lakeDir: string;
  /** Firehose's buffering interval: buffered rows are written at most this long after the first of them came. */
  flushSeconds?: number;
  /**
   * Which day's folder a row goes to: "event-day" (default) its own `dt`, the UTC day of its `event_ms`;
   * "arrival-day" the day the oldest record of the flush arrived, as the cloud's `dt=!{timestamp:yyyy-MM-dd}/`
   * prefix (infra/lake.ts) files it.
   */
  partitionBy?: "event-day" | "arrival-day";
  /** The one delivery stream served (default `localDeliveryStream`). */
  deliveryStream?: string;
  log?: (line: string) => void;
}

export interface Firehose {
  /** The endpoint (`AWS_ENDPOINT_URL_FIREHOSE`). */
  url: string;
  deliveryStream: string;
  /** Writes what is buffered now; rejects if some of it could not be written (it stays buffered). */
  flush(): Promise<void>;
  /** Fault injection for tests: the next `count` records are refused as a throttled Firehose refuses them. */
  refuseNext(count: number): void;
  /** Stops taking calls, writes what is buffered, and closes DuckDB. */
  stop(): Promise<void>;
}

const target = "Firehose_20150804.PutRecordBatch";
const limits = { records: 500, bytes: 4 * 1024 * 1024, recordBytes: 1_024_000 } as const;
/** Bodies up to this size are read, signature-checked and judged by Firehose's limits; larger ones are refused unread. */
const maxBodyBytes = 16 * 1024 * 1024;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

type Answer = { status: number; body: object; errorType?: string };
/** AWS JSON 1.1's error: HTTP 400, the type in `__type` and `x-amzn-ErrorType`. */
const failure = (errorType: string, message: string): Answer => ({
  status: 400,
  body: { __type: errorType, message },
  errorType,
});

/** A buffered row and when its record arrived. */
interface Buffered {
  row: RideChangeRow;
  arrived: number;
}

/** A record the conversion refused, as Firehose's error output describes it. */
interface ConversionError {
  attemptsMade: number;
  arrivalTimestamp: number;
  lastErrorCode: string;
  lastErrorMessage: string;
  attemptEndingTimestamp: number;
  rawData: string;
  deliveryStreamName: string;
}

export async function startFirehose(o: FirehoseOptions): Promise<Firehose> {
  const log = o.log ?? (() => {});
  const deliveryStream = o.deliveryStream ?? localDeliveryStream;
  const flushMs = (o.flushSeconds ?? 10) * 1000;
  const verify = createSignatureVerifier({ region: o.region, service: "firehose", credentials: o.credentials });
  // What a crash left half-written is no part of the lake.
  rmSync(stagingDir(o.lakeDir), { recursive: true, force: true });
  mkdirSync(stagingDir(o.lakeDir), { recursive: true });

  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE pending (${rideChangeColumns.map((c) => `${c.name} ${c.duckdb}`).join(", ")})`);

  let buffer: Buffered[] = [];
  let rejected: ConversionError[] = [];
  let timer: NodeJS.Timeout | undefined;
  let refusals = 0;
  let files = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const byArrival = o.partitionBy === "arrival-day";

  const schedule = () => {
    if (timer || (buffer.length === 0 && rejected.length === 0)) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush().catch((error: unknown) => log(`firehose: ${String(error)}`));
    }, flushMs);
    timer.unref();
  };

  /** Writes what is buffered: one Parquet file per partition, each renamed into place whole. Returns the rows it could not. */
  async function write(): Promise<number> {
    clearTimeout(timer);
    timer = undefined;
    const rows = buffer;
    const errors = rejected;
    [buffer, rejected] = [[], []];
    const stamp = new Date().toISOString().replace(/[-:.]/g, "");
    if (errors.length > 0) {
      const dir = path.join(
        conversionErrorsDir(o.lakeDir),
        `dt=${dayOf(oldest(errors.map((e) => e.arrivalTimestamp)))}`,
      );
      try {
        await place(`${stamp}-${++files}.jsonl`, dir, (temp) =>
          writeFile(temp, errors.map((e) => `${JSON.stringify(e)}\n`).join("")),
        );
      } catch (error) {
        log(`firehose: ${errors.length} conversion error(s) could not be written: ${String(error)}`);
      }
    }
    if (rows.length === 0) return 0;
    // As Firehose's `!{timestamp:yyyy-MM-dd}` prefix: the whole flush under the day its oldest record arrived.
    const arrivalDay = byArrival ? dayOf(oldest(rows.map((r) => r.arrived))) : "";
    const unwritten: Buffered[] = [];
    for (const [dt, partition] of groupBy(rows, (r) => (byArrival ? arrivalDay : r.row.dt))) {
      try {
        await connection.run("DELETE FROM pending");
        const appender = await connection.createAppender("pending");
        for (const { row } of partition) appendRow(appender, row);
        appender.closeSync();
        await place(`${stamp}-${++files}.parquet`, partitionDir(o.lakeDir, dt), (temp) =>
          connection.run(
            `COPY (SELECT ${fileColumns} FROM pending ORDER BY event_ms, event_id) TO ${sqlString(temp)} (FORMAT parquet, COMPRESSION snappy)`,
          ),
        );
      } catch (error) {
        log(`firehose: ${partition.length} row(s) of ${dt} not written, kept for the next flush: ${String(error)}`);
        for (const buffered of partition) unwritten.push(buffered);
      }
    }
    await connection.run("DELETE FROM pending").catch(() => {});
    if (unwritten.length > 0) {
      buffer = [...unwritten, ...buffer];
      schedule();
    }
    return unwritten.length;
  }

  /** Writes a file beside the lake, then renames it to `dir/name`: readers see all of it or nothing. */
  async function place(name: string, dir: string, writeTo: (temp: string) => Promise<unknown>) {
    const temp = path.join(stagingDir(o.lakeDir), `${randomUUID()}-${name}`);
    try {
      await writeTo(temp);
      await mkdir(dir, { recursive: true });
      await rename(temp, path.join(dir, name));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  // One connection: one write at a time, in order.
  function flush(): Promise<void> {
    const done = writing.then(write);
    writing = done.catch(() => {});
    return done.then((left) => {
      if (left > 0) throw new Error(`${left} buffered row(s) could not be written to the lake`);
    });
  }

  function putRecordBatch(body: Buffer): Answer {
    let input: unknown;
    try {
      input = JSON.parse(body.toString("utf8"));
    } catch {
      return failure("SerializationException", "The request body is not valid JSON.");
    }
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      return failure("SerializationException", "The request body is not a JSON object.");
    }
    const { DeliveryStreamName: name, Records: records } = input as { DeliveryStreamName?: unknown; Records?: unknown };
    if (name !== undefined && typeof name !== "string") {
      return failure("SerializationException", "DeliveryStreamName must be a string.");
    }
    if (records !== undefined && !Array.isArray(records)) {
      return failure("SerializationException", "Records must be a list.");
    }
    if (name === undefined) {
      return validation("Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null");
    }
    if (records === undefined) {
      return validation("Value null at 'records' failed to satisfy constraint: Member must not be null");
    }
    if (records.length < 1 || records.length > limits.records) {
      const bound = records.length < 1 ? "greater than or equal to 1" : `less than or equal to ${limits.records}`;
      return validation(`Value at 'records' failed to satisfy constraint: Member must have length ${bound}`);
    }
    const data: Buffer[] = [];
    for (const [i, record] of records.entries()) {
      const encoded = (record as { Data?: unknown } | null)?.Data;
      if (typeof encoded !== "string" || !base64.test(encoded)) {
        return failure("SerializationException", `Records[${i}].Data must be base64-encoded data.`);
      }
      const decoded = Buffer.from(encoded, "base64");
      if (decoded.length < 1 || decoded.length > limits.recordBytes) {
        const bound = decoded.length < 1 ? "greater than or equal to 1" : `less than or equal to ${limits.recordBytes}`;
        return validation(
          `Value at 'records.${i + 1}.member.data' failed to satisfy constraint: Member must have length ${bound}`,
        );
      }
      data.push(decoded);
    }
    if (name !== deliveryStream) {
      return failure("ResourceNotFoundException", `Firehose ${name} under account 000000000000 not found.`);
    }
    if (data.reduce((sum, d) => sum + d.length, 0) > limits.bytes) {
      return failure("InvalidArgumentException", "Records size exceeds 4 MB limit");
    }

    const arrived = Date.now();
    const responses = data.map((record) => {
      if (refusals > 0) {
        refusals--;
        return { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." };
      }
      const converted = toRow(record);
      if ("row" in converted) buffer.push({ row: converted.row, arrived });
      else {
        rejected.push({
          attemptsMade: 1,
          arrivalTimestamp: arrived,
          lastErrorCode: "DataFormatConversion.MalformedData",
          lastErrorMessage: converted.error,
          attemptEndingTimestamp: Date.now(),
          rawData: record.toString("base64"),
          deliveryStreamName: deliveryStream,
        });
        log(`firehose: a record is not a ride change (${converted.error}): it goes to the error output`);
      }
      return { RecordId: randomBytes(96).toString("base64") };
    });
    schedule();
    const failed = responses.filter((r) => "ErrorCode" in r).length;
    return { status: 200, body: { FailedPutCount: failed, Encrypted: false, RequestResponses: responses } };
  }

  const server = http.createServer(
    guarded(async (request, response) => {
      const body = await readBodyUpTo(request, maxBodyBytes);
      let answer: Answer;
      if (!body) answer = failure("InvalidArgumentException", "Records size exceeds 4 MB limit");
      else {
        const verdict = await verify(request, body);
        if (!verdict.ok) answer = refusedSignature(verdict.status, verdict.message);
        else if (request.method !== "POST" || request.headers["x-amz-target"] !== target) {
          answer = failure("UnknownOperationException", "Only PutRecordBatch is served here.");
        } else answer = putRecordBatch(body);
      }
      response.writeHead(answer.status, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-requestid": randomUUID(),
        ...(answer.errorType ? { "x-amzn-errortype": answer.errorType } : {}),
      });
      response.end(JSON.stringify(answer.body));
    }, log),
  );
  const listening = await listenOnLoopback(server, o.port);

  let stopping: Promise<void> | undefined;
  return {
    url: listening.url,
    deliveryStream,
    flush,
    refuseNext(count) {
      refusals = count;
    },
    stop: () => {
      stopping ??= (async () => {
        await listening.stop();
        await flush().catch((error: unknown) => log(`firehose: at stop: ${String(error)}`));
        clearTimeout(timer);
        connection.closeSync();
        instance.closeSync();
      })();
      return stopping;
    },
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

const oldest = (times: readonly number[]) => times.reduce((a, b) => Math.min(a, b));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The columns of the files: all but the partition, which is their folder. */
const fileColumns = rideChangeColumns
  .filter((c) => c.name !== "dt")
  .map((c) => c.name)
  .join(", ");

const validation = (problem: string) => failure("ValidationException", `1 validation error detected: ${problem}`);

/** The verifier's verdicts as the AWS JSON services word them. */
function refusedSignature(status: 401 | 403, message: string): Answer {
  if (status === 401) return failure("MissingAuthenticationTokenException", "Missing Authentication Token");
  if (message.includes("security token")) return failure("UnrecognizedClientException", message);
  return failure("InvalidSignatureException", message);
}

/** One record's data as a row of the schema, as the Parquet conversion reads it: fields beyond the columns are dropped. */
function toRow(data: Buffer): { row: RideChangeRow } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(data.toString("utf8"));
  } catch {
    return { error: "The record is not one JSON object." };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: "The record is not a JSON object." };
  }
  const fields = value as Record<string, unknown>;
  const row: Record<string, string | number | null> = {};
  for (const column of rideChangeColumns) {
    const field = fields[column.name] ?? null;
    const fits =
      field === null ||
      (column.duckdb === "VARCHAR" && typeof field === "string") ||
      (column.duckdb === "BIGINT" && Number.isSafeInteger(field)) ||
      (column.duckdb === "DOUBLE" && typeof field === "number" && Number.isFinite(field));
    if (!fits) return { error: `${column.name} is not a ${column.duckdb}: ${JSON.stringify(field)}` };
    row[column.name] = field as string | number | null;
  }
  if (typeof row.dt !== "string" || !dayPattern.test(row.dt)) {
    return { error: `dt, the partition, is not a day (YYYY-MM-DD): ${JSON.stringify(row.dt)}` };
  }
  return { row: row as unknown as RideChangeRow };
}

function appendRow(appender: DuckDBAppender, row: RideChangeRow) {
  for (const column of rideChangeColumns) {
    const value = row[column.name];
    if (value === null) appender.appendNull();
    else if (column.duckdb === "VARCHAR") appender.appendVarchar(String(value));
    else if (column.duckdb === "BIGINT") appender.appendBigInt(BigInt(value));
    else appender.appendDouble(Number(value));
  }
  appender.endRow();
}

/**
 * Amazon Athena on this machine, for the ride-events lake (issue 23): the three calls GET /ops/metrics makes, AWS JSON
 * 1.1 on one port, SigV4 for service "athena" checked as the other stand-ins do (local/src/live/sigv4.ts):
 *   - `StartQueryExecution` → `QueryExecutionId` (a repeated `ClientRequestToken` is the same execution);
 *   - `GetQueryExecution` → `Status.State` QUEUED, RUNNING, then SUCCEEDED or FAILED (`StateChangeReason`, `AthenaError`);
 *   - `GetQueryResults` → `ResultSet.Rows` (the first row of the first page is the column names, as Athena's are for a
 *     SELECT; a NULL is a `Data` entry without `VarCharValue`) and `ResultSetMetadata.ColumnInfo`, `MaxResults` rows a
 *     page (1 to 1000, the header counted) and a `NextToken` while more are left;
 *   - and `StopQueryExecution` (CANCELLED), for completeness.
 * The SQL runs on DuckDB (in memory, a connection per query), where `ride_changes` is a view over the Parquet files the
 * Firehose stand-in writes, `read_parquet('<lakeDir>/ride_changes/**\/*.parquet', hive_partitioning = true,
 * union_by_name = true)`, `dt` as the VARCHAR the Glue table declares, each column cast to its type in
 * core/src/lake/ride-change.ts; with no file yet, an empty view of the same columns. The one set of queries
 * (core/src/lake/queries.ts) is written to run unchanged on Athena's Trino and here.
 * Not Athena: only queries (SELECT, EXPLAIN) run, one statement each; `ride_changes` is named unqualified (the
 * execution's `Database` must be the lake's); DuckDB may read files only under `lakeDir`; executions live in memory.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readdir } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance, type DuckDBType, StatementType } from "@duckdb/node-api";
import { lakeTable } from "@wildrydes/core/lake/queries";
import { rideChangeColumns } from "@wildrydes/core/lake/ride-change";
import { type Credentials, createSignatureVerifier } from "../live/sigv4";
/** The lake's workgroup and database as the route's link names them (`Resource.LakeQueries`), here and in the stand-in. */
import { localLakeQueries } from "../plumbing/handler-environment";
import { guarded, listenOnLoopback } from "../plumbing/processes";
import { rideChangesDir, sqlString } from "./layout";

export { localLakeQueries };

export interface AthenaOptions {
  /** 0 = any free port. */
  port: number;
  /** The region and keys a call must be signed with. */
  region: string;
  credentials: Credentials;
  /** The lake's root, as the Firehose stand-in's: the table is `<lakeDir>/ride_changes/dt=YYYY-MM-DD/*.parquet`. */
  lakeDir: string;
  /** The one workgroup served (default `localLakeQueries.workgroup`); another is "not found". */
  workgroup?: string;
  /** The lake's database (default `localLakeQueries.database`): a query in another fails as Athena's would. */
  database?: string;
  log?: (line: string) => void;
}

export interface Athena {
  /** The endpoint (`AWS_ENDPOINT_URL_ATHENA`). */
  url: string;
  workgroup: string;
  database: string;
  /** Resolves once every execution started so far has ended. */
  settled(): Promise<void>;
  /** Stops taking calls, ends running queries and closes DuckDB. */
  stop(): Promise<void>;
}

type State = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

interface ColumnInfo {
  CatalogName: string;
  SchemaName: string;
  TableName: string;
  Name: string;
  Label: string;
  Type: string;
  Precision: number;
  Scale: number;
  Nullable: "UNKNOWN";
  CaseSensitive: boolean;
}

interface Execution {
  id: string;
  query: string;
  database: string;
  state: State;
  reason?: string;
  submittedAt: number;
  startedAt?: number;
  completedAt?: number;
  connection?: DuckDBConnection;
  columns?: ColumnInfo[];
  /** The header row, then the data rows: what GetQueryResults pages through. */
  rows?: { Data: { VarCharValue?: string }[] }[];
  done: Promise<void>;
}

const targetPrefix = "AmazonAthena.";
/** Athena keeps a query's results for 45 days; the stand-in its latest executions. */
const keptExecutions = 1000;
const maxQueryLength = 262_144;
const engine = "Athena engine version 3";

type Answer = { status: number; body: object; errorType?: string };
const answer = (body: object): Answer => ({ status: 200, body });
/** AWS JSON 1.1's error: HTTP 400, the type in `__type` and `x-amzn-ErrorType`. */
const failure = (errorType: string, message: string, extra: object = {}): Answer => ({
  status: 400,
  body: { __type: errorType, Message: message, ...extra },
  errorType,
});
/** Athena's one modelled client error, with its error code. */
const invalid = (message: string) => failure("InvalidRequestException", message, { AthenaErrorCode: "INVALID_INPUT" });

export async function startAthena(o: AthenaOptions): Promise<Athena> {
  const log = o.log ?? (() => {});
  const workgroup = o.workgroup ?? localLakeQueries.workgroup;
  const database = o.database ?? localLakeQueries.database;
  const verify = createSignatureVerifier({ region: o.region, service: "athena", credentials: o.credentials });
  const tableDir = rideChangesDir(o.lakeDir);
  mkdirSync(tableDir, { recursive: true });

  const instance = await DuckDBInstance.create(":memory:");
  // The SQL may read the lake and nothing else of this machine, and cannot lift that.
  const setup = await instance.connect();
  await setup.run(
    `SET allowed_directories = [${sqlString(path.resolve(o.lakeDir))}]; SET enable_external_access = false; SET lock_configuration = true;`,
  );
  setup.closeSync();

  const executions = new Map<string, Execution>();
  const tokens = new Map<string, string>();

  /** The table as a view on this query's connection: over the files there are now, or empty and typed. */
  async function defineTable(connection: DuckDBConnection) {
    const empty = `SELECT ${rideChangeColumns.map((c) => `CAST(NULL AS ${c.duckdb}) AS ${c.name}`).join(", ")} WHERE false`;
    // As Athena reads Parquet: by column name, a column a file lacks is NULL, one the table lacks is not read.
    const source =
      (await parquetFiles(tableDir)) > 0
        ? `SELECT ${rideChangeColumns.map((c) => `CAST(${c.name} AS ${c.duckdb}) AS ${c.name}`).join(", ")} FROM (${empty} UNION ALL BY NAME SELECT * FROM read_parquet(${sqlString(path.join(path.resolve(tableDir), "**", "*.parquet"))}, hive_partitioning = true, union_by_name = true, hive_types = {'dt': 'VARCHAR'}))`
        : empty;
    await connection.run(`CREATE TEMP VIEW ${lakeTable} AS ${source}`);
  }

  async function run(execution: Execution) {
    await new Promise((resolve) => setImmediate(resolve));
    if (execution.state !== "QUEUED") return;
    execution.state = "RUNNING";
    execution.startedAt = Date.now();
    const connection = await instance.connect();
    execution.connection = connection;
    try {
      if (execution.database !== database) {
        throw new QueryFailure(`SCHEMA_NOT_FOUND: line 1:1: Schema '${execution.database}' does not exist`);
      }
      await defineTable(connection);
      const statements = await connection.extractStatements(execution.query);
      if (statements.count !== 1) {
        throw new QueryFailure(`Only one sql statement is allowed. Got: ${execution.query}`);
      }
      const prepared = await statements.prepare(0);
      if (prepared.statementType !== StatementType.SELECT && prepared.statementType !== StatementType.EXPLAIN) {
        throw new QueryFailure("NOT_SUPPORTED: the local Athena runs queries (SELECT) only");
      }
      const reader = await prepared.runAndReadAll();
      if (execution.state !== "RUNNING") return;
      const names = reader.columnNames().map((name) => name.toLowerCase());
      execution.columns = reader.columnTypes().map((type, i) => columnInfo(names[i] ?? "", type));
      execution.rows = [
        { Data: names.map((name) => ({ VarCharValue: name })) },
        ...reader.getRows().map((row) => ({
          Data: row.map((value) => (value === null ? {} : { VarCharValue: String(value) })),
        })),
      ];
      execution.state = "SUCCEEDED";
    } catch (error) {
      if (execution.state !== "RUNNING") return;
      execution.state = "FAILED";
      execution.reason = error instanceof QueryFailure ? error.message : duckdbReason(error);
      log(`athena: query ${execution.id} failed: ${execution.reason}`);
    } finally {
      execution.completedAt ??= Date.now();
      execution.connection = undefined;
      connection.closeSync();
    }
  }

  function startQueryExecution(input: Record<string, unknown>): Answer {
    const query = input.QueryString;
    if (typeof query !== "string" || query.length < 1 || query.length > maxQueryLength) {
      return invalid(`QueryString must be a string of 1 to ${maxQueryLength} characters.`);
    }
    const named = input.WorkGroup ?? "primary";
    if (named !== workgroup) return invalid(`WorkGroup ${String(named)} is not found.`);
    const token = input.ClientRequestToken;
    if (token !== undefined && (typeof token !== "string" || token.length < 32 || token.length > 128)) {
      return invalid("ClientRequestToken must be a string of 32 to 128 characters.");
    }
    const seen = typeof token === "string" ? tokens.get(token) : undefined;
    if (seen) return answer({ QueryExecutionId: seen });
    const context = (input.QueryExecutionContext ?? {}) as { Database?: unknown };
    const execution: Execution = {
      id: randomUUID(),
      query,
      database: typeof context.Database === "string" ? context.Database : "default",
      state: "QUEUED",
      submittedAt: Date.now(),
      done: Promise.resolve(),
    };
    execution.done = run(execution).catch((error: unknown) => {
      execution.state = "FAILED";
      execution.reason = `INTERNAL_ERROR_QUERY_ENGINE: ${String(error)}`;
      execution.completedAt ??= Date.now();
    });
    executions.set(execution.id, execution);
    if (typeof token === "string") tokens.set(token, execution.id);
    forgetOld();
    return answer({ QueryExecutionId: execution.id });
  }

  function forgetOld() {
    for (const [id, execution] of executions) {
      if (executions.size <= keptExecutions) break;
      if (execution.completedAt === undefined) continue;
      executions.delete(id);
      for (const [token, of] of tokens) if (of === id) tokens.delete(token);
    }
  }

  const find = (input: Record<string, unknown>) => {
    const id = input.QueryExecutionId;
    return typeof id === "string" ? executions.get(id) : undefined;
  };
  const notFound = (input: Record<string, unknown>) =>
    invalid(`QueryExecution ${String(input.QueryExecutionId)} was not found`);

  function getQueryExecution(input: Record<string, unknown>): Answer {
    const execution = find(input);
    if (!execution) return notFound(input);
    const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
    const ended = execution.completedAt ?? Date.now();
    const failed = execution.state === "FAILED";
    return answer({
      QueryExecution: {
        QueryExecutionId: execution.id,
        Query: execution.query,
        StatementType: "DML",
        SubstatementType: "SELECT",
        ResultConfiguration: { OutputLocation: `s3://local-athena-results/${execution.id}.csv` },
        QueryExecutionContext: { Database: execution.database, Catalog: "awsdatacatalog" },
        Status: {
          State: execution.state,
          ...(execution.reason ? { StateChangeReason: execution.reason } : {}),
          SubmissionDateTime: seconds(execution.submittedAt),
          ...(execution.completedAt ? { CompletionDateTime: seconds(execution.completedAt) } : {}),
          // Athena's error categories: 1 system, 2 user (the query's own fault), 3 other.
          ...(failed
            ? { AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: execution.reason } }
            : {}),
        },
        Statistics: {
          EngineExecutionTimeInMillis: execution.startedAt ? ended - execution.startedAt : 0,
          DataScannedInBytes: 0,
          TotalExecutionTimeInMillis: ended - execution.submittedAt,
          QueryQueueTimeInMillis: (execution.startedAt ?? ended) - execution.submittedAt,
        },
        WorkGroup: workgroup,
        EngineVersion: { SelectedEngineVersion: engine, EffectiveEngineVersion: engine },
      },
    });
  }

  function getQueryResults(input: Record<string, unknown>): Answer {
    const max = input.MaxResults ?? 1000;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 1000) {
      return invalid(
        `1 validation error detected: Value '${String(max)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`,
      );
    }
    const execution = find(input);
    if (!execution) return notFound(input);
    if (execution.state === "FAILED") return invalid(execution.reason ?? "Query failed");
    if (execution.state === "CANCELLED") return invalid("Query was cancelled");
    if (execution.state !== "SUCCEEDED") {
      return invalid(`Query has not yet finished. Current state: ${execution.state}`);
    }
    const rows = execution.rows ?? [];
    let offset = 0;
    if (input.NextToken !== undefined) {
      const read = readToken(input.NextToken, execution.id);
      if (read === null || read > rows.length) return invalid("Invalid NextToken");
      offset = read;
    }
    const end = Math.min(rows.length, offset + max);
    return answer({
      UpdateCount: 0,
      ResultSet: { Rows: rows.slice(offset, end), ResultSetMetadata: { ColumnInfo: execution.columns ?? [] } },
      ...(end < rows.length ? { NextToken: writeToken(execution.id, end) } : {}),
    });
  }

  function stopQueryExecution(input: Record<string, unknown>): Answer {
    const execution = find(input);
    if (!execution) return notFound(input);
    if (execution.state === "QUEUED" || execution.state === "RUNNING") {
      execution.state = "CANCELLED";
      execution.completedAt = Date.now();
      execution.connection?.interrupt();
    }
    return answer({});
  }

  const operations: Record<string, (input: Record<string, unknown>) => Answer> = {
    StartQueryExecution: startQueryExecution,
    GetQueryExecution: getQueryExecution,
    GetQueryResults: getQueryResults,
    StopQueryExecution: stopQueryExecution,
  };

  const server = http.createServer(
    guarded(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const target = String(request.headers["x-amz-target"] ?? "");
      const operation = target.startsWith(targetPrefix) ? operations[target.slice(targetPrefix.length)] : undefined;
      const verdict = await verify(request, body);
      let reply: Answer;
      if (!verdict.ok) reply = refusedSignature(verdict.status, verdict.message);
      else if (request.method !== "POST" || !operation) {
        reply = failure("UnknownOperationException", `Operation ${target || "(none)"} is not served here.`);
      } else {
        const input = parseInput(body);
        reply = input === null ? failure("SerializationException", "The body is not a JSON object.") : operation(input);
      }
      response.writeHead(reply.status, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-requestid": randomUUID(),
        ...(reply.errorType ? { "x-amzn-errortype": reply.errorType } : {}),
      });
      response.end(JSON.stringify(reply.body));
    }, log),
  );
  const listening = await listenOnLoopback(server, o.port);

  let stopping: Promise<void> | undefined;
  return {
    url: listening.url,
    workgroup,
    database,
    settled: async () => {
      await Promise.all([...executions.values()].map((e) => e.done));
    },
    stop: () => {
      stopping ??= (async () => {
        await listening.stop();
        for (const execution of executions.values()) stopQueryExecution({ QueryExecutionId: execution.id });
        await Promise.all([...executions.values()].map((e) => e.done));
        instance.closeSync();
      })();
      return stopping;
    },
  };
}

/** A failure worded as Athena words it, not DuckDB's. */
class QueryFailure extends Error {}

/** DuckDB's message, first line, with its error class as Athena's code: "SYNTAX_ERROR: …". */
function duckdbReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.replace(/^Failed to extract statements: /, "").split("\n")[0] ?? text;
  const [, kind = "", message = line] = /^(\w[\w ]*?) Error: (.*)$/.exec(line) ?? [];
  const code: Record<string, string> = {
    Parser: "SYNTAX_ERROR",
    Binder: "COLUMN_NOT_FOUND",
    Catalog: "TABLE_NOT_FOUND",
    Conversion: "INVALID_CAST_ARGUMENT",
    "Invalid Input": "INVALID_FUNCTION_ARGUMENT",
    "Out of Range": "NUMERIC_VALUE_OUT_OF_RANGE",
    Permission: "PERMISSION_DENIED",
  };
  return `${code[kind] ?? "GENERIC_INTERNAL_ERROR"}: ${message}`;
}

/** DuckDB's type as Athena (Trino) names it in ColumnInfo. */
function columnInfo(name: string, type: DuckDBType): ColumnInfo {
  const text = type.toString();
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(text);
  const names: Record<string, [string, number]> = {
    VARCHAR: ["varchar", 2_147_483_647],
    BIGINT: ["bigint", 19],
    HUGEINT: ["decimal", 38],
    INTEGER: ["integer", 10],
    SMALLINT: ["smallint", 5],
    TINYINT: ["tinyint", 3],
    DOUBLE: ["double", 17],
    FLOAT: ["real", 17],
    BOOLEAN: ["boolean", 0],
    DATE: ["date", 0],
    TIMESTAMP: ["timestamp", 3],
  };
  const [athenaType, precision] = decimal ? ["decimal", Number(decimal[1])] : (names[text] ?? [text.toLowerCase(), 0]);
  return {
    CatalogName: "hive",
    SchemaName: "",
    TableName: "",
    Name: name,
    Label: name,
    Type: athenaType,
    Precision: precision,
    Scale: decimal ? Number(decimal[2]) : 0,
    Nullable: "UNKNOWN",
    CaseSensitive: athenaType === "varchar",
  };
}

/** How many Parquet files the table has now (anywhere under its folder). */
async function parquetFiles(dir: string): Promise<number> {
  try {
    const entries = await readdir(dir, { recursive: true });
    return entries.filter((entry) => entry.endsWith(".parquet")).length;
  } catch {
    return 0;
  }
}

function parseInput(body: Buffer): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body.toString("utf8") || "{}") as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A page's token: opaque to the caller, bound to its execution. */
const writeToken = (id: string, offset: number) => Buffer.from(`${id}:${offset}`).toString("base64url");
function readToken(token: unknown, id: string): number | null {
  if (typeof token !== "string") return null;
  const [of, offset] = Buffer.from(token, "base64url").toString("utf8").split(":");
  return of === id && offset !== undefined && /^\d+$/.test(offset) ? Number(offset) : null;
}

/** The verifier's verdicts as the AWS JSON services word them. */
function refusedSignature(status: 401 | 403, message: string): Answer {
  if (status === 401) return failure("MissingAuthenticationTokenException", "Missing Authentication Token");
  if (message.includes("security token")) return failure("UnrecognizedClientException", message);
  return failure("InvalidSignatureException", message);
}

/** DynamoDB Local for the benchmarks (started as local/ starts it), the handler environment, a table emptied per phase. */
import path from "node:path";
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { Table } from "@wildrydes/core/store/table";
import { startDynamoDb } from "@wildrydes/local/dynamodb/dynamodb-local";
import * as local from "@wildrydes/local/plumbing/handler-environment";
import { freePort } from "@wildrydes/local/plumbing/processes";

// The SDK's "Node 22 will be required" notice would interleave with the printed tables.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const benchTable = "wildrydes-bench";
export const region = "us-east-1";
export const credentials = local.localCredentials;

export type BenchDb = Awaited<ReturnType<typeof startBenchDb>>;

/** In memory, with local/src/dynamodb/dynamodb-local.ts's JVM flags (docs/decisions/0004-dynamodb-local-jit-flags.md). */
export async function startBenchDb() {
  const dynamodb = await startDynamoDb({ port: await freePort(), tableName: benchTable, credentials, region });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials, maxAttempts: 1 });
  return {
    endpoint: dynamodb.endpoint,
    /** Drops (if there) and recreates a table so each phase starts from nothing. */
    async resetTable(TableName = benchTable) {
      await client.send(new DeleteTableCommand({ TableName })).catch(() => {});
      await client.send(new CreateTableCommand(Table.createTableInput(TableName)));
      await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName });
    },
    async stop() {
      client.destroy();
      await dynamodb.stop();
    },
  };
}

type Environment = Parameters<typeof local.handlerEnvironment>[0];
let environment: Environment | undefined;

/** Points this process's handlers and core at the bench's table, and the publishers and the lake at their stand-ins. */
export function useHandlerEnvironment(o: Pick<Environment, "dynamodbEndpoint" | "live" | "firehoseUrl">) {
  environment = { tableName: benchTable, region, stage: "bench", ...o };
  local.useHandlerEnvironment(environment);
}

/** The same environment for a child process (a cold start), on another table if need be. */
export const handlerEnvironment = (tableName = benchTable) =>
  environment ? local.handlerEnvironment({ ...environment, tableName }) : {};

export const median = (values: number[]) => percentile(values, 50);

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? Number.NaN;
}

export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export const quick = process.env.BENCH_QUICK === "1";
export const root = path.resolve(import.meta.dirname, "..");
/** Scratch space (bundles, logs, reports): under node_modules so git ignores it. */
export const workDir = path.join(root, "node_modules/.cache/wildrydes-bench");

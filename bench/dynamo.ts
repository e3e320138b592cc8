/** DynamoDB Local for the benchmarks (started as local/ starts it), the handler environment, a table emptied per phase. */
import path from "node:path";
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { Table } from "@wildrydes/core/store/table";
import { startDynamoDb } from "@wildrydes/local/dynamodb/dynamodb-local";
import {
  localCredentials,
  handlerEnvironment as localHandlerEnvironment,
  useHandlerEnvironment as useLocalHandlerEnvironment,
} from "@wildrydes/local/plumbing/handler-environment";
import { freePort } from "@wildrydes/local/plumbing/processes";

// The SDK's "Node 22 will be required" notice would interleave with the printed tables.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const benchTable = "wildrydes-bench";
export const region = "us-east-1";
export const credentials = localCredentials;

export type BenchDb = Awaited<ReturnType<typeof startBenchDb>>;

/** In memory, with local/src/dynamodb/dynamodb-local.ts's JVM flags (docs/decisions/0004-dynamodb-local-jit-flags.md). */
export async function startBenchDb() {
  const local = await startDynamoDb({ port: await freePort(), tableName: benchTable, credentials, region });
  const client = new DynamoDBClient({ endpoint: local.endpoint, region, credentials, maxAttempts: 1 });
  return {
    endpoint: local.endpoint,
    /** Drops and recreates the table so each phase starts from nothing. */
    async resetTable() {
      await client.send(new DeleteTableCommand({ TableName: benchTable }));
      await client.send(new CreateTableCommand(Table.createTableInput(benchTable)));
      await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: benchTable });
    },
    async stop() {
      client.destroy();
      await local.stop();
    },
  };
}

/** What the handlers and core read, pointed at the bench's table (the local stack's one definition). */
/** The Event API stand-in the publishers reach, when a phase starts one (bench/warm.ts). */
type Live = { httpUrl: string; realtimeUrl: string };

export const handlerEnvironment = (endpoint: string, tableName = benchTable, live?: Live) =>
  localHandlerEnvironment({ tableName, dynamodbEndpoint: endpoint, region, stage: "bench", live });

export const useHandlerEnvironment = (endpoint: string, live?: Live, firehoseUrl?: string) =>
  useLocalHandlerEnvironment({
    tableName: benchTable,
    dynamodbEndpoint: endpoint,
    region,
    stage: "bench",
    live,
    firehoseUrl,
  });

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export const quick = process.env.BENCH_QUICK === "1";
export const root = path.resolve(import.meta.dirname, "..");
/** Scratch space (bundles, logs, reports): under node_modules so git ignores it. */
export const workDir = path.join(root, "node_modules/.cache/wildrydes-bench");

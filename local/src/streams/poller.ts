/**
 * Lambda's DynamoDB event source mappings, locally: reads DynamoDB Local's own stream and invokes the same subscriber
 * modules with the event Lambda sends, applying each subscription's filters, batch size, retries, bisect and partial
 * batch responses (`batchItemFailures`). A record that still fails goes to a dead-letter file and the console, as the
 * cloud's on-failure destination would take it. Positions are checkpointed per subscription and shard, so a restart of
 * a persisted stack resumes where it stopped (records are idempotent downstream, so an overlap counts once); the file
 * is replaced whole after each batch, and one found damaged is set aside (../plumbing/persisted-file.ts).
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { Subscription } from "@wildrydes/functions/catalogue/subscriptions";
import { type HandlerLoader, importHandler } from "../gateway/gateway";
import { PersistedFile } from "../plumbing/persisted-file";
import { matchesAny } from "./event-filter";

export interface StreamPollerOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  tableName: string;
  subscriptions: readonly Subscription[];
  /** Where dead letters go, one JSON line each. */
  deadLetterFile: string;
  /** Positions survive restarts here (persisted stacks); without it every start reads the stream from its start. */
  checkpointFile?: string;
  pollMs?: number;
  /** The first retry's delay; each further retry waits twice as long, as Lambda backs off a failing batch. */
  retryDelayMs?: number;
  loadHandler?: HandlerLoader;
  log?: (line: string) => void;
  /** Where the warning about a damaged checkpoint file goes (default: the console). */
  warn?: (line: string) => void;
}

/** A record as Lambda hands it to a DynamoDB stream subscriber. */
export type LambdaStreamRecord = ReturnType<typeof toLambdaRecord>;

export interface StreamPoller {
  /** Resolves once every subscription has read everything written before the call. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

function toLambdaRecord(r: StreamRecord, streamArn: string, region: string) {
  const created = r.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: region,
    dynamodb: {
      ...r.dynamodb,
      ApproximateCreationDateTime: created ? Math.floor(created.getTime() / 1000) : undefined,
    },
    eventSourceARN: streamArn,
  };
}

/** Subscription → shard → the last sequence number delivered there. */
type Positions = Record<string, Record<string, string>>;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isPositions = (v: unknown): v is Positions =>
  isMap(v) &&
  Object.values(v).every((shards) => isMap(shards) && Object.values(shards).every((n) => typeof n === "string"));

const bySequence = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

export async function startStreamPoller(o: StreamPollerOptions): Promise<StreamPoller> {
  const log = o.log ?? (() => {});
  const client = { endpoint: o.endpoint, region: o.region, credentials: o.credentials };
  const streams = new DynamoDBStreamsClient(client);
  const table = await new DynamoDBClient(client).send(new DescribeTableCommand({ TableName: o.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${o.tableName} has no stream`);
  const loadHandler = o.loadHandler ?? importHandler;

  // A damaged file is read as none: the stream again from its start, safe as every subscriber counts a record once.
  const read = (file: string) =>
    PersistedFile.readJson(file, {
      warn: o.warn ?? console.warn,
      valid: isPositions,
      absentMeans: "the stream is read again from its start (its subscribers count each record once)",
    });
  const positions: Positions = (o.checkpointFile && read(o.checkpointFile)) || {};
  if (o.checkpointFile) mkdirSync(path.dirname(o.checkpointFile), { recursive: true });
  const save = () => {
    if (o.checkpointFile) PersistedFile.writeJson(o.checkpointFile, positions);
  };

  // Shards change rarely (DynamoDB rolls them every few hours): listed at most every few seconds, not every pass.
  let shardList: { ids: string[]; at: number } | undefined;
  async function shardIds(): Promise<string[]> {
    if (shardList && Date.now() - shardList.at < 5_000) return shardList.ids;
    const ids: string[] = [];
    let start: string | undefined;
    do {
      const out = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      ids.push(...(out.StreamDescription?.Shards ?? []).map((s) => s.ShardId ?? "").filter(Boolean));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    shardList = { ids, at: Date.now() };
    return ids; // DynamoDB lists parents before their children
  }

  // Where each subscription's next read of a shard starts, as Lambda's poller keeps it: one GetRecords per pass
  // instead of a new iterator each time. Kept only once a pass has delivered everything it read.
  const nextIterators = new Map<string, string>();

  /** Everything new in one shard since the subscription's position there, and where to read next. */
  async function readShard(sub: Subscription, shardId: string) {
    const key = `${sub.name} ${shardId}`;
    let iterator = nextIterators.get(key);
    nextIterators.delete(key);
    if (!iterator) {
      const after = positions[sub.name]?.[shardId];
      const out = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: after ? "AFTER_SEQUENCE_NUMBER" : "TRIM_HORIZON",
          SequenceNumber: after,
        }),
      );
      iterator = out.ShardIterator;
    }
    const records: StreamRecord[] = [];
    let next: string | undefined;
    while (iterator) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      records.push(...(out.Records ?? []));
      iterator = out.NextShardIterator;
      if ((out.Records ?? []).length === 0) {
        next = iterator;
        break;
      }
    }
    return { records, resume: () => next && nextIterators.set(key, next) };
  }

  function deadLetter(sub: Subscription, record: LambdaStreamRecord, reason: string) {
    mkdirSync(path.dirname(o.deadLetterFile), { recursive: true });
    appendFileSync(o.deadLetterFile, `${JSON.stringify({ subscription: sub.name, reason, at: new Date(), record })}\n`);
    console.error(
      `dead letter: ${sub.name} gave up on ${record.eventName} ${record.dynamodb.SequenceNumber}: ${reason}`,
    );
  }

  /** Invokes the subscriber as Lambda does, retrying from the first failed record; bisects a batch that throws. */
  async function deliver(sub: Subscription, batch: LambdaStreamRecord[], attempt = 0): Promise<void> {
    if (batch.length === 0) return;
    const handler = await loadHandler(sub.handler);
    let failedAt = -1;
    let reason = "";
    try {
      const context = {
        functionName: sub.name,
        awsRequestId: crypto.randomUUID(),
        getRemainingTimeInMillis: () => 60_000,
      };
      const result = (await handler({ Records: batch }, context)) as {
        batchItemFailures?: { itemIdentifier: string }[];
      };
      const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      failedAt = batch.findIndex((r) => failed.has(r.dynamodb.SequenceNumber ?? ""));
      reason = "reported in batchItemFailures";
    } catch (error) {
      failedAt = 0;
      reason = String(error);
      if (sub.bisectOnError && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await deliver(sub, batch.slice(0, half), attempt);
        return deliver(sub, batch.slice(half), attempt);
      }
    }
    if (failedAt < 0) return;
    const rest = batch.slice(failedAt);
    if (attempt < sub.retries) {
      await sleep((o.retryDelayMs ?? 500) * 2 ** attempt);
      return deliver(sub, rest, attempt + 1);
    }
    const [poison, ...after] = rest;
    if (poison) deadLetter(sub, poison, reason);
    return deliver(sub, after, 0);
  }

  let stopped = false;
  const passes = new Map<string, number>();
  async function follow(sub: Subscription) {
    while (!stopped) {
      try {
        for (const shardId of await shardIds()) {
          const { records, resume } = await readShard(sub, shardId);
          if (records.length === 0) {
            resume();
            continue;
          }
          const lambdaRecords = records.map((r) => toLambdaRecord(r, streamArn as string, o.region));
          const wanted = lambdaRecords.filter((r) => matchesAny(r, sub.filters));
          for (let i = 0; i < wanted.length; i += sub.batchSize) await deliver(sub, wanted.slice(i, i + sub.batchSize));
          const last = records
            .map((r) => r.dynamodb?.SequenceNumber ?? "0")
            .sort(bySequence)
            .at(-1);
          positions[sub.name] = { ...positions[sub.name], [shardId]: last ?? "0" };
          save();
          resume();
        }
      } catch (error) {
        if (!stopped) log(`stream poller (${sub.name}): ${String(error)}`);
      }
      passes.set(sub.name, (passes.get(sub.name) ?? 0) + 1);
      if (!stopped) await sleep(o.pollMs ?? 250);
    }
  }
  const loops = o.subscriptions.map((sub) => follow(sub));

  return {
    async caughtUp() {
      // Two full passes after the call: the first may have started before the caller's last write.
      const start = new Map(o.subscriptions.map((s) => [s.name, passes.get(s.name) ?? 0]));
      while (o.subscriptions.some((s) => (passes.get(s.name) ?? 0) < (start.get(s.name) ?? 0) + 2)) await sleep(50);
    },
    async stop() {
      stopped = true;
      await Promise.all(loops);
      streams.destroy();
    },
  };
}

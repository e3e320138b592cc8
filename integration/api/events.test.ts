/**
 * Ride events on DynamoDB Local's real stream: ratings and rider totals reach the API within seconds and count once
 * however often a record is delivered; a poison record ends in the dead letters alone while its batch is applied in
 * order; filtered-out records never invoke a subscriber; a restarted poller resumes from its checkpoint.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import type { Subscription } from "@wildrydes/functions/catalogue/subscriptions";
import { type Stack, startStack, tableName } from "@wildrydes/local/stack";
import { type LambdaStreamRecord, startStreamPoller } from "@wildrydes/local/streams/poller";
import { newRider, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, type Call, nearby, riderApi } from "@wildrydes/testing/rider-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let stack: Stack;
let api: Call;

beforeAll(async () => {
  stack = await startStack({ web: false });
  api = apiClient(stack.endpoints);
});

afterAll(async () => {
  await stack?.stop();
});

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, seconds = 15): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(200);
  }
}

/** Rides to the end and rates: a pickup at a free unicorn (ETA 0), a trip of about a second. */
async function completedAndRated(r: Rider, rating: number) {
  const me = riderApi(stack.endpoints, r.accessToken);
  const free = (await me.unicorns()).find((u) => u.available);
  if (!free) throw new Error("no free unicorn");
  const ride = await me.requestRide(free.location, nearby(free.location, 20));
  const boarded = await me.board(ride.rideId);
  await sleep(Date.parse(boarded.dropoffAt ?? "") - Date.now() + 50);
  return me.rate(ride.rideId, rating);
}

describe("the real subscribers", () => {
  it("bring a rating to GET /unicorns and the ride's cost to GET /me within seconds, counted once on replay", async () => {
    const r = await newRider(stack.endpoints);
    const ride = await completedAndRated(r, 4);
    // The clock completed the trip; the sweep makes it durable, and that change is what the stream carries.
    await stack.runSchedule("Sweep");
    const unicornOf = async () =>
      (await api("GET", "/unicorns", { token: r.accessToken })).body.unicorns.find(
        (u: { name: string }) => u.name === ride.unicorn.name,
      );
    const started = Date.now();
    const rated = await eventually(unicornOf, (u) => u.ratings === 1 && u.rides === 1);
    expect(rated).toMatchObject({ rating: 4, ratings: 1, rides: 1 });
    const totals = await eventually(
      async () => (await api("GET", "/me", { token: r.accessToken })).body,
      (t) => t.rides === 1,
    );
    expect(totals).toEqual({ rides: 1, spent: ride.fare, since: ride.requestedAt });
    console.log(`events: rating visible after ${Date.now() - started} ms`);

    // Deliver the same changes again, as a retried batch would: nothing moves.
    const completedImage = { ...ride, ...Keys.ride(r.sub, ride.rideId), kind: "ride", riderId: r.sub };
    const record = (newImage: object, oldImage: object, seq: string) => ({
      eventID: seq,
      eventName: "MODIFY",
      eventSource: "aws:dynamodb",
      dynamodb: {
        NewImage: marshall(newImage, { removeUndefinedValues: true }),
        OldImage: marshall(oldImage, { removeUndefinedValues: true }),
        SequenceNumber: seq,
      },
    });
    const { rating: _rating, ...unrated } = completedImage;
    const replay = {
      Records: [
        record(completedImage, unrated, "1"),
        record({ ...completedImage }, { ...unrated, status: "IN_PROGRESS", charged: undefined }, "2"),
      ],
    };
    const context = { functionName: "replay", awsRequestId: "r", getRemainingTimeInMillis: () => 60_000 };
    for (const module of ["unicorn-ratings", "rider-totals"]) {
      const { handler } = await import(`../../functions/src/handlers/stream/${module}.ts`);
      expect(await handler(replay, context)).toEqual({ batchItemFailures: [] });
      expect(await handler(replay, context)).toEqual({ batchItemFailures: [] });
    }
    expect(await unicornOf()).toMatchObject({ rating: 4, ratings: 1, rides: 1 });
    expect((await api("GET", "/me", { token: r.accessToken })).body.rides).toBe(1);
  });
});

describe("the stream poller", () => {
  /** A subscriber of our own on the same stream, recording what it was handed. */
  function probe(o: { name: string; failFor?: string; filters?: Subscription["filters"]; checkpointFile?: string }) {
    const seen: { rideId: string; status: string; batch: number }[] = [];
    const dir = mkdtempSync(path.join(os.tmpdir(), "wr-probe-"));
    let batches = 0;
    const subscription: Subscription = {
      name: o.name,
      handler: "probe.handler",
      filters: o.filters ?? [{ dynamodb: { NewImage: { kind: { S: ["probe"] } } } }],
      batchSize: 10,
      batchingWindowSeconds: 0,
      retries: 1,
      bisectOnError: true,
      link: ["Table"],
    };
    const handler = async (event: { Records: LambdaStreamRecord[] }) => {
      batches++;
      const failures: { itemIdentifier: string }[] = [];
      for (const record of event.Records) {
        const image = record.dynamodb.NewImage as Record<string, { S?: string }>;
        const rideId = image.rideId?.S ?? "";
        if (rideId === o.failFor) failures.push({ itemIdentifier: record.dynamodb.SequenceNumber ?? "" });
        else seen.push({ rideId, status: image.status?.S ?? "", batch: batches });
      }
      return { batchItemFailures: failures };
    };
    const deadLetterFile = path.join(dir, "dead-letters.jsonl");
    const start = () =>
      startStreamPoller({
        endpoint: stack.endpoints.dynamodbEndpoint,
        region: stack.endpoints.region,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        tableName,
        subscriptions: [subscription],
        deadLetterFile,
        checkpointFile: o.checkpointFile,
        pollMs: 100,
        loadHandler: async () => handler as never,
      });
    return { seen, start, deadLetterFile };
  }

  const put = (rideId: string, status: string) =>
    Db.documents().send(
      new PutCommand({ TableName: tableName, Item: { pk: `PROBE#${rideId}`, sk: "P", kind: "probe", rideId, status } }),
    );
  const step = (rideId: string, status: string) =>
    Db.documents().send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `PROBE#${rideId}`, sk: "P" },
        UpdateExpression: "SET #s = :s",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":s": status },
      }),
    );

  it("sends a poison record alone to the dead letters and applies the rest of its batch, in order per ride", async () => {
    const run = probe({ name: "Poison", failFor: "poison" });
    const poller = await run.start();
    await poller.caughtUp(); // start after everything older than this test
    run.seen.length = 0;
    for (const id of ["a", "b"]) await put(id, "ONE");
    await put("poison", "ONE");
    for (const id of ["a", "b"]) await step(id, "TWO");
    await poller.caughtUp();
    await poller.stop();
    const lines = readFileSync(run.deadLetterFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0].record.dynamodb.NewImage.rideId.S).toBe("poison");
    // Records after a failure are delivered again with the retry, as Lambda does: in order, each change at least once.
    for (const id of ["a", "b"]) {
      const statuses = run.seen.filter((s) => s.rideId === id).map((s) => s.status);
      expect(statuses[0]).toBe("ONE");
      expect(new Set(statuses)).toEqual(new Set(["ONE", "TWO"]));
      expect(statuses.lastIndexOf("ONE")).toBeLessThan(statuses.indexOf("TWO"));
    }
  });

  it("never invokes a subscriber for records its filters keep away", async () => {
    const run = probe({
      name: "Filtered",
      filters: [{ dynamodb: { NewImage: { kind: { S: ["probe"] }, status: { S: ["WANTED"] } } } }],
    });
    const poller = await run.start();
    await put("f1", "UNWANTED");
    await put("f2", "WANTED");
    await step("f1", "ALSO-UNWANTED");
    await poller.caughtUp();
    await poller.stop();
    expect(run.seen.map((s) => `${s.rideId}:${s.status}`)).toEqual(["f2:WANTED"]);
    expect(existsSync(run.deadLetterFile)).toBe(false);
  });

  it("resumes from its checkpoint after a restart: each change delivered once", async () => {
    const checkpointFile = path.join(mkdtempSync(path.join(os.tmpdir(), "wr-checkpoint-")), "positions.json");
    const run = probe({
      name: "Resume",
      checkpointFile,
      filters: [{ dynamodb: { NewImage: { kind: { S: ["probe"] }, rideId: { S: [{ prefix: "r-" }] } } } }],
    });
    let poller = await run.start();
    await put("r-1", "ONE");
    await poller.caughtUp();
    await poller.stop();
    await put("r-2", "ONE"); // written while the poller is down
    poller = await run.start();
    await put("r-3", "ONE");
    await poller.caughtUp();
    await poller.stop();
    expect(run.seen.map((s) => s.rideId)).toEqual(["r-1", "r-2", "r-3"]);
  });
});

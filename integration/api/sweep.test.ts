/**
 * The sweep against DynamoDB Local: due rides finished through the due index, nothing done twice when sweeps
 * overlap, a thousand due rides finished over several bounded runs, and every busy unicorn left with exactly one
 * active ride. Rides are written straight to the table (as dispatch and boarding leave them) so the clock can be
 * moved forward without waiting: the sweep takes `now` as an argument.
 */
import { GetCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Booking } from "@wildrydes/core/store/booking";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import type { RideItem } from "@wildrydes/core/store/ride-item";
import { Sweep } from "@wildrydes/core/store/sweep";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { booked } from "@wildrydes/testing/rider-api";
import { busyRide, sceneDropoff, scenePickup, writeItems } from "@wildrydes/testing/scenes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ web: false, seed: false });
});

afterAll(async () => {
  await stack?.stop();
});

const t0 = Date.parse("2026-06-01T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** Scene `n` of a batch: boarded ones fall due at the dropoff, waiting ones at the no-show deadline. */
function scene(n: number, status: "EN_ROUTE" | "IN_PROGRESS", batch: string) {
  const name = `${batch}-${String(n).padStart(4, "0")}`;
  const rideId = `01JZ${batch.toUpperCase().padEnd(4, "0").slice(0, 4)}${String(n).padStart(18, "0")}`;
  return busyRide({ name, rideId, riderId: `rider-${batch}-${n}`, boarded: status === "IN_PROGRESS", requestedAt: t0 });
}

const write = (items: readonly object[]) => writeItems(Db.documents(), Db.tableName(), items);

async function allItems() {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await Db.documents().send(new ScanCommand({ TableName: Db.tableName(), ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items as (Record<string, unknown> & { pk: string; sk: string })[];
}

/** The rides among the table's items, each with its unicorn, as the scenes write them. */
const ridesIn = (items: { pk: string; sk: string }[]) =>
  (items.filter(Keys.isRide) as unknown as RideItem[]).map((r) => booked(r, "a stored ride"));

/** The table-wide invariant after a sweep: a busy unicorn has exactly one active ride, a free one none. */
async function expectBusyUnicornsMatchActiveRides(now: number) {
  const items = await allItems();
  const rides = ridesIn(items);
  const active = rides.filter((r) => r.status === "EN_ROUTE" || r.status === "IN_PROGRESS");
  for (const u of items.filter(Keys.isUnicorn)) {
    const holding = active.filter((r) => r.unicorn.name === u.name);
    expect(holding.map((r) => r.rideId)).toEqual(u.status === "BUSY" ? [u.rideId] : []);
  }
  // Nothing still active is overdue: the sweep left no due ride behind.
  const overdue = active.filter((r) => Date.parse(r.status === "EN_ROUTE" ? r.boardBy : (r.dropoffAt ?? "")) <= now);
  expect(overdue).toEqual([]);
}

async function dueCount() {
  const out = await Db.documents().send(
    new QueryCommand({
      TableName: Db.tableName(),
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :due",
      ExpressionAttributeValues: { ":due": Keys.duePartition },
      Select: "COUNT",
    }),
  );
  return out.Count ?? 0;
}

describe("the sweep", () => {
  it("finishes only what is due, as the clock says: trips completed at the dropoff, no-shows at the pickup", async () => {
    await write([...scene(1, "IN_PROGRESS", "due"), ...scene(2, "EN_ROUTE", "due")]);
    expect(await Sweep.run(new Date(t0 + 150_000))).toEqual({ finished: 0, skipped: 0, failed: 0, more: false });
    expect(await Sweep.run(new Date(t0 + 400_000))).toEqual({ finished: 2, skipped: 0, failed: 0, more: false });
    const rides = ridesIn(await allItems());
    const trip = rides.find((r) => r.unicorn.name === "due-0001");
    const noShow = rides.find((r) => r.unicorn.name === "due-0002");
    expect(trip).toMatchObject({ status: "COMPLETED", completedAt: iso(t0 + 200_000), charged: { amount: 812 } });
    expect(noShow).toMatchObject({ status: "NO_SHOW", noShowAt: iso(t0 + 360_000), charged: { amount: 500 } });
    expect(trip).not.toHaveProperty("gsi3pk");
    const unicorns = (await allItems()).filter(Keys.isUnicorn);
    expect(unicorns.find((u) => u.name === "due-0001")).toMatchObject({ status: "AVAILABLE", location: sceneDropoff });
    expect(unicorns.find((u) => u.name === "due-0002")).toMatchObject({ status: "AVAILABLE", location: scenePickup });
    await expectBusyUnicornsMatchActiveRides(t0 + 400_000);
  });

  it("does nothing twice when sweeps overlap or repeat", async () => {
    await write(Array.from({ length: 30 }, (_, n) => scene(n, n % 2 ? "IN_PROGRESS" : "EN_ROUTE", "lap")).flat());
    const now = new Date(t0 + 400_000);
    const runs = await Promise.all([Sweep.run(now), Sweep.run(now), Sweep.run(now)]);
    expect(runs.reduce((sum, r) => sum + r.finished, 0)).toBe(30);
    expect(await Sweep.run(now)).toEqual({ finished: 0, skipped: 0, failed: 0, more: false });
    await expectBusyUnicornsMatchActiveRides(now.getTime());
  });

  it("finishes a thousand due rides over several bounded runs", { timeout: 240_000 }, async () => {
    await write(Array.from({ length: 1000 }, (_, n) => scene(n, n % 3 ? "IN_PROGRESS" : "EN_ROUTE", "big")).flat());
    expect(await dueCount()).toBe(1000);
    const now = new Date(t0 + 400_000);
    let runs = 0;
    let finished = 0;
    for (let more = true; more; runs++) {
      const result = await Sweep.run(now, 100);
      expect(result.finished + result.skipped + result.failed).toBeLessThanOrEqual(100);
      finished += result.finished;
      more = result.more;
    }
    expect(finished).toBe(1000);
    expect(runs).toBeGreaterThanOrEqual(10);
    expect(await dueCount()).toBe(0);
    await expectBusyUnicornsMatchActiveRides(now.getTime());
  });

  it("passes a boarded trip by until its dropoff, though past its no-show deadline: boarding leaves its due key", async () => {
    // A long trip (500 s): due from its no-show deadline (360 s), which comes before any dropoff.
    const [unicorn, waiting] = scene(1, "EN_ROUTE", "long");
    const ride = { ...waiting, tripSeconds: 500, ...Keys.dueAt(iso(t0 + 360_000), waiting.rideId) };
    await write([unicorn, ride]);
    expect(await Booking.board(booked(ride, "a scene"), iso(t0 + 100_000), iso(t0 + 600_000))).toBe(true);
    const stored = () =>
      Db.documents().send(new GetCommand({ TableName: Db.tableName(), Key: Keys.ride(ride.riderId, ride.rideId) }));
    expect((await stored()).Item).toMatchObject({ status: "IN_PROGRESS", gsi3sk: ride.gsi3sk });
    for (const at of [400_000, 599_000]) {
      expect(await Sweep.run(new Date(t0 + at))).toEqual({ finished: 0, skipped: 0, failed: 0, more: false });
    }
    expect((await stored()).Item).toMatchObject({ status: "IN_PROGRESS" });
    expect(await Sweep.run(new Date(t0 + 650_000))).toMatchObject({ finished: 1 });
    expect((await stored()).Item).toMatchObject({ status: "COMPLETED", completedAt: iso(t0 + 600_000) });
  });

  it("reaches due rides behind a full page of trips not due yet", async () => {
    // 150 trips on their way to a far dropoff sort before 5 no-shows: one run of 100 still finishes the no-shows.
    const trips = Array.from({ length: 150 }, (_, n) => {
      const [unicorn, ride] = scene(n, "IN_PROGRESS", "far");
      return [unicorn, { ...ride, dropoffAt: iso(t0 + 3_600_000), ...Keys.dueAt(iso(t0 + 127_000), ride.rideId) }];
    });
    const noShows = Array.from({ length: 5 }, (_, n) => scene(n, "EN_ROUTE", "zzz"));
    await write([...trips, ...noShows].flat());
    const now = new Date(t0 + 400_000);
    expect(await Sweep.run(now, 100)).toEqual({ finished: 5, skipped: 0, failed: 0, more: false });
    const rides = ridesIn(await allItems());
    expect(rides.filter((r) => r.unicorn.name.startsWith("zzz-")).map((r) => r.status)).toEqual(
      Array(5).fill("NO_SHOW"),
    );
    expect(rides.filter((r) => r.unicorn.name.startsWith("far-") && r.status !== "IN_PROGRESS")).toEqual([]);
    // Finished later, at their dropoff.
    expect(await Sweep.run(new Date(t0 + 3_600_000), 100)).toEqual({
      finished: 100,
      skipped: 0,
      failed: 0,
      more: true,
    });
    expect(await Sweep.run(new Date(t0 + 3_600_000), 100)).toEqual({
      finished: 50,
      skipped: 0,
      failed: 0,
      more: false,
    });
  });

  it("runs as the scheduled handler with the scheduled event's shape", async () => {
    await write(scene(1, "IN_PROGRESS", "cron"));
    // The handler uses the real clock: the scene's dropoff (mid-2026) is long past.
    expect(await stack.runSchedule("Sweep")).toMatchObject({ finished: 1 });
  });
});

/**
 * A rider's totals on DynamoDB Local, counted as the RiderTotals subscriber counts them: once per ride however often
 * and however concurrently a record comes, `since` the earliest counted ride whatever order rides arrive in, and the
 * markers kept in the rider's own item bounded to the last days.
 */
import { randomUUID } from "node:crypto";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Money } from "@wildrydes/core/rules/fares";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import type { RideItem } from "@wildrydes/core/store/ride-item";
import { Tallies } from "@wildrydes/core/store/tallies";
import { sharedStack } from "@wildrydes/testing/shared-stack";
import { ulid } from "ulid";
import { beforeAll, expect, it } from "vitest";

beforeAll(async () => {
  await sharedStack();
});

type Ended = Pick<RideItem, "rideId" | "riderId" | "status" | "charged" | "requestedAt">;
const cents = (amount: number): Money => ({ amount, currency: "USD" });

/** An ended ride of `riderId`, requested `minutesAgo`. */
function ended(riderId: string, minutesAgo: number, status: Ended["status"], amount: number): Ended {
  const at = Date.now() - minutesAgo * 60_000;
  return { rideId: ulid(at), riderId, status, charged: cents(amount), requestedAt: new Date(at).toISOString() };
}

const profile = async (riderId: string) =>
  (await Db.documents().send(new GetCommand({ TableName: Db.tableName(), Key: Keys.riderProfile(riderId) }))).Item;

it("sets since to the earliest counted ride, even when a later ride is counted first", async () => {
  const riderId = `totals-${randomUUID()}`;
  const earlier = ended(riderId, 30, "COMPLETED", 1250);
  const later = ended(riderId, 5, "CANCELLED", 500);
  // The later cancel reaches the stream before the sweep stores the earlier completion.
  expect(await Tallies.countEndedRide(later)).toBe(true);
  expect(await Tallies.countEndedRide(earlier)).toBe(true);
  expect(await Tallies.riderTotals(riderId)).toEqual({ rides: 1, spent: cents(1750), since: earlier.requestedAt });
});

it("counts a ride once when its record comes again, and when copies race each other", async () => {
  const riderId = `totals-${randomUUID()}`;
  const rides = Array.from({ length: 6 }, (_, i) => ended(riderId, 60 - i, "COMPLETED", 100 * (i + 1)));
  // Every ride delivered three times at once, all rides at once: the writes meet on the rider's one item.
  const counted = await Promise.all(rides.flatMap((ride) => [1, 2, 3].map(() => Tallies.countEndedRide(ride))));
  expect(counted.filter(Boolean)).toHaveLength(rides.length);
  expect(await Tallies.countEndedRide(rides[0] as Ended)).toBe(false);
  expect(await Tallies.riderTotals(riderId)).toEqual({
    rides: 6,
    spent: cents(2100),
    since: rides[0]?.requestedAt,
  });
});

it("forgets counted rides older than any redelivery, so the rider's item stays small", async () => {
  const riderId = `totals-${randomUUID()}`;
  const old = ulid(Date.now() - 4 * 86_400_000);
  await Db.documents().send(
    new UpdateCommand({
      TableName: Db.tableName(),
      Key: Keys.riderProfile(riderId),
      UpdateExpression: "SET totalsCounted = :ids, totalsVersion = :v",
      ExpressionAttributeValues: { ":ids": [old], ":v": 1 },
    }),
  );
  const ride = ended(riderId, 1, "COMPLETED", 900);
  expect(await Tallies.countEndedRide(ride)).toBe(true);
  expect((await profile(riderId))?.totalsCounted).toEqual([ride.rideId]);
});

it("writes nothing for a free cancel after the rider's first ride: it adds nothing", async () => {
  const riderId = `totals-${randomUUID()}`;
  const first = ended(riderId, 20, "COMPLETED", 700);
  expect(await Tallies.countEndedRide(first)).toBe(true);
  const before = await profile(riderId);
  expect(await Tallies.countEndedRide(ended(riderId, 2, "CANCELLED", 0))).toBe(false);
  expect(await profile(riderId)).toEqual(before);
  expect(await Tallies.riderTotals(riderId)).toEqual({ rides: 1, spent: cents(700), since: first.requestedAt });
});

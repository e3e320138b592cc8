/**
 * A unicorn's ratings on DynamoDB Local, counted as the UnicornRatings subscriber counts them: once per ride however
 * often and however concurrently a record comes, in the unicorn's RATINGS item beside its profile, and shown from
 * there by GET /unicorns and GET /unicorn/me, added to what a profile still carries from before that item.
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import { Tallies } from "@wildrydes/core/store/tallies";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { newRider } from "@wildrydes/testing/rider-accounts";
import { apiClient } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { ulid } from "ulid";
import { afterAll, beforeAll, expect, it } from "vitest";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ web: false });
});

afterAll(async () => {
  await stack?.stop();
});

const get = async (Key: { pk: string; sk: string }) =>
  (await Db.documents().send(new GetCommand({ TableName: Db.tableName(), Key }))).Item;

it("counts a rating once per ride, copies delivered again and at once, in the RATINGS item; the reads add it up", async () => {
  const demo = stack.endpoints.demoAccounts?.unicorns[0];
  const name = seattleFleet.find((u) => u.unicornId === demo?.unicornId)?.name;
  if (!demo || !name) throw new Error("the stack seeds, so it has a crewed unicorn's demo account");
  const unicorn = { unicornId: demo.unicornId, name, color: "White", gender: "Female" } as const;
  // Counted before ratings had their own item: still on the profile, no longer written.
  await Db.documents().send(
    new UpdateCommand({
      TableName: Db.tableName(),
      Key: Keys.unicorn(name),
      UpdateExpression: "SET ratingSum = :sum, ratings = :n",
      ExpressionAttributeValues: { ":sum": 9, ":n": 2 },
    }),
  );
  const rides = ([5, 4, 5] as const).map((rating) => ({ rideId: ulid(), unicorn, rating }));
  // Every ride's record three times at once, all rides at once: the counts meet on the one RATINGS item.
  const counted = await Promise.all(rides.flatMap((ride) => [1, 2, 3].map(() => Tallies.countRating(ride))));
  expect(counted.filter(Boolean)).toHaveLength(3);
  expect(await Tallies.countRating(rides[0] as (typeof rides)[0])).toBe(false);

  expect(await get(Keys.unicornRatings(name))).toMatchObject({
    kind: "tally",
    ratingSum: 14,
    ratings: 3,
    ratingsVersion: 3,
    ratingsCounted: expect.arrayContaining(rides.map((r) => r.rideId)),
  });
  expect(await get(Keys.unicorn(name))).not.toHaveProperty("ratingsCounted");

  // (9 + 14) / (2 + 3) = 4.6 from both reads.
  const shown = { unicornId: demo.unicornId, rating: 4.6, ratings: 5 };
  const rider = await newRider(stack.endpoints);
  const api = apiClient(stack.endpoints);
  const fleet = await api("GET", "/unicorns", { token: rider.accessToken });
  expect(fleet.body.unicorns.find((u: { name: string }) => u.name === name)).toMatchObject(shown);
  // A unicorn never rated shows none.
  expect(fleet.body.unicorns.find((u: { name: string }) => u.name !== name)).toMatchObject({
    rating: null,
    ratings: 0,
  });
  const crew = await signInDemo(stack.endpoints, demo);
  expect((await api("GET", "/unicorn/me", { token: crew.accessToken })).body).toMatchObject(shown);
});

/**
 * Dispatch under contention: 100 simultaneous requests from 100 riders for a fleet of 10 must book each unicorn
 * exactly once, and 20 simultaneous replays of one Idempotency-Key must make one ride.
 */
import { randomUUID } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Db } from "@wildrydes/core/store/db";
import { Fleet, seattleFleet } from "@wildrydes/core/store/fleet";
import { Keys } from "@wildrydes/core/store/keys";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { newRider, newRiders, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, type Call, nearby } from "@wildrydes/testing/rider-api";
import { seattle } from "@wildrydes/testing/seattle-points";
import { accessClaims, signAsPool } from "@wildrydes/testing/tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A stack of its own: these tests need a fleet of exactly 10 that nobody else books.
const trip = { pickup: seattle, dropoff: nearby(seattle) };
let stack: Stack;
let api: Call;
type Minted = Pick<Rider, "sub" | "accessToken">;
let riders: Minted[];

beforeAll(async () => {
  stack = await startStack({ web: false, seed: false });
  await Fleet.seed(seattleFleet.slice(0, 10));
  api = apiClient(stack.endpoints);
  riders = await mintedRiders(100);
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * One rider per request (a rider has one active ride at most, so only distinct riders race for unicorns): tokens
 * signed with the pool's own key, as genuine to the authorizer as signed-in riders' and a hundred times quicker.
 */
function mintedRiders(count: number): Promise<Minted[]> {
  const { userPoolId, userPoolClientId: clientId } = stack.endpoints;
  const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const sub = randomUUID();
      return { sub, accessToken: await signAsPool({ ...accessClaims({ issuer, clientId }), sub, username: sub }) };
    }),
  );
}

async function ridesOf(rider: Minted) {
  const out = await Db.documents().send(
    new QueryCommand({
      TableName: stack.endpoints.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :ride)",
      ExpressionAttributeValues: { ":pk": Keys.riderPartition(rider.sub), ":ride": Keys.ridePrefix },
    }),
  );
  return out.Items ?? [];
}

describe("100 simultaneous ride requests for 10 unicorns", () => {
  it("books each unicorn exactly once, answers the rest 409, and frees them again on cancel", async () => {
    const answers = await Promise.all(riders.map((r) => api("POST", "/rides", { token: r.accessToken, body: trip })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(
      Array(90).fill("NO_UNICORN_AVAILABLE"),
    );

    const stored = (await Promise.all(riders.map(ridesOf))).flat();
    expect(stored).toHaveLength(10);
    const unicorns = stored.map((r) => r.unicorn.name);
    expect(new Set(unicorns).size).toBe(10);

    const winners = riders.filter((_, i) => answers[i]?.status === 201);
    const cancels = winners.map((r) =>
      api("POST", `/rides/${answers[riders.indexOf(r)]?.body.rideId}/cancel`, { token: r.accessToken }),
    );
    expect((await Promise.all(cancels)).map((c) => c.status)).toEqual(Array(10).fill(200));

    // Ten riders who lost the race now get the freed unicorns.
    const losers = riders.filter((_, i) => answers[i]?.status === 409).slice(0, 10);
    const again = await Promise.all(losers.map((r) => api("POST", "/rides", { token: r.accessToken, body: trip })));
    expect(again.map((a) => a.status)).toEqual(Array(10).fill(201));
    await Promise.all(
      again.map((a, i) => api("POST", `/rides/${a.body.rideId}/cancel`, { token: losers[i]?.accessToken })),
    );
  });
});

describe("Idempotency-Key", () => {
  it("makes one ride from 20 simultaneous replays, each answered with the first response", async () => {
    const rider = await newRider(stack.endpoints);
    const replay = () =>
      api("POST", "/rides", {
        token: rider.accessToken,
        body: trip,
        headers: { "idempotency-key": "tap-1" },
      });
    const answers = await Promise.all(Array.from({ length: 20 }, replay));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.rideId)).size).toBe(1);
    expect(await ridesOf(rider)).toHaveLength(1);

    const later = await replay();
    expect(later.body).toEqual(answers[0]?.body);

    const otherBody = await api("POST", "/rides", {
      token: rider.accessToken,
      body: { ...trip, pickup: { latitude: 47.62, longitude: -122.35 } },
      headers: { "idempotency-key": "tap-1" },
    });
    expect([otherBody.status, otherBody.body.error.code]).toEqual([422, "IDEMPOTENCY_KEY_REUSED"]);

    const badKey = await api("POST", "/rides", {
      token: rider.accessToken,
      body: trip,
      headers: { "idempotency-key": "not a key!" },
    });
    expect([badKey.status, badKey.body.error.code]).toEqual([400, "VALIDATION_ERROR"]);
    expect(await ridesOf(rider)).toHaveLength(1);
    await api("POST", `/rides/${answers[0]?.body.rideId}/cancel`, { token: rider.accessToken });
  });

  it("keeps riders' keys apart: the same key from two riders makes two rides", async () => {
    const [a, b] = await newRiders(stack.endpoints, 2);
    const headers = { "idempotency-key": "same-key" };
    const first = await api("POST", "/rides", { token: a?.accessToken, body: trip, headers });
    const second = await api("POST", "/rides", { token: b?.accessToken, body: trip, headers });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.rideId).not.toBe(second.body.rideId);
  });
});

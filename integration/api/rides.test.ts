/**
 * The ride routes end to end on the local stack: the gateway emulator verifies real cognito-local tokens and calls
 * the real handlers, which write to DynamoDB Local.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ErrorSchema, FleetSchema, QuoteSchema, RidePageSchema, RideSchema } from "@wildrydes/core/rules/api-shapes";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import { newRider, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, nearby, riderApi } from "@wildrydes/testing/rider-api";
import { seattle } from "@wildrydes/testing/seattle-points";
import { sharedStack } from "@wildrydes/testing/shared-stack";
import { signAsPool, tampered } from "@wildrydes/testing/tokens";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const endpoints = await sharedStack();
const api = apiClient(endpoints);
const trip = { pickup: seattle, dropoff: nearby(seattle) };
const riders: Rider[] = [];
let alice: Rider;
let bob: Rider;

/** A rider of this file: its rides are cancelled after each test. */
async function rider(): Promise<Rider> {
  const made = await newRider(endpoints);
  riders.push(made);
  return made;
}

beforeAll(async () => {
  [alice, bob] = await Promise.all([rider(), rider()]);
});

// The fleet is shared with other files and tests: leave every unicorn as it was found.
afterEach(async () => {
  await Promise.all(riders.map((r) => riderApi(endpoints, r.accessToken).cancelActiveRides()));
});

describe("POST /rides", () => {
  it("dispatches a unicorn, answers 201 with the ride, and stores it in the rider's partition", async () => {
    const TableName = endpoints.tableName;
    const { status, body } = await api("POST", "/rides", { token: alice.accessToken, body: trip });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: "EN_ROUTE", ...trip, unicorn: { name: expect.any(String) } });
    expect(body.rideId).toMatch(/^[0-9A-Z]{26}$/);
    expect(Date.parse(body.arrivesAt) - Date.parse(body.requestedAt)).toBe(body.etaSeconds * 1000);
    expect(body.fare).toEqual({ amount: 500, currency: "USD" }); // a 111 m hop costs the minimum fare
    expect(body).not.toHaveProperty("charged");

    const get = (Key: Record<string, string>) => Db.documents().send(new GetCommand({ TableName, Key }));
    const stored = await get(Keys.ride(alice.sub, body.rideId));
    expect(stored.Item?.unicorn.name).toBe(body.unicorn.name);
    // In the sweep's due index from its earliest possible dropoff (a short hop: before the no-show deadline), and the
    // rider's one active ride until the deadline.
    const earliestDropoff = new Date(Date.parse(body.arrivesAt) + body.tripSeconds * 1000).toISOString();
    expect(earliestDropoff < body.boardBy).toBe(true);
    expect(stored.Item).toMatchObject(Keys.dueAt(earliestDropoff, body.rideId));
    const summary = await get(Keys.riderProfile(alice.sub));
    expect(summary.Item).toMatchObject({ activeRideId: body.rideId, activeUntil: body.boardBy });
    const unicorn = await get(Keys.unicorn(body.unicorn.name));
    expect(unicorn.Item).toMatchObject({ status: "BUSY", rideId: body.rideId });
    expect(unicorn.Item).not.toHaveProperty("gsi1pk");
  });

  it("sends the nearest available unicorn", async () => {
    // Willow stands at 47.5952, -122.3316, south of everyone else; the next nearest is 700 m further.
    const { body } = await api("POST", "/rides", {
      token: bob.accessToken,
      body: { pickup: { latitude: 47.5953, longitude: -122.3317 }, dropoff: seattle },
    });
    expect(body.unicorn).toEqual({ unicornId: "willow", name: "Willow", color: "Green", gender: "Female" });
  });

  it("accepts the id token and the bare token the original front end sends", async () => {
    const { status } = await api("POST", "/rides", { rawAuthorization: alice.idToken, body: trip });
    expect(status).toBe(201);
  });

  it.each([
    ["a body that is not JSON", { rawBody: "{pickup:", headers: { "content-type": "application/json" } }],
    ["an empty request", { body: {} }],
    ["a pickup without a dropoff", { body: { pickup: seattle } }],
    ["a quote id and a trip at once", { body: { quoteId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", ...trip } }],
    ["a latitude out of range", { body: { pickup: { latitude: 123, longitude: 0 }, dropoff: seattle } }],
    ["an unknown field", { body: { ...trip, fare: 0 } }],
  ])("answers 400 VALIDATION_ERROR to %s", async (_, request) => {
    const { status, body } = await api("POST", "/rides", { token: alice.accessToken, ...request });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "VALIDATION_ERROR",
      message: expect.any(String),
      details: expect.any(Array),
    });
  });
});

describe("the JWT authorizer", () => {
  /** Signed with the pool's own key: genuine, so only its expiry can make it fail. */
  function signedWithPoolKey(exp: number) {
    const now = Math.floor(Date.now() / 1000);
    const iss = `https://cognito-idp.us-east-1.amazonaws.com/${endpoints.userPoolId}`;
    return signAsPool({
      client_id: endpoints.userPoolClientId,
      token_use: "access",
      sub: "someone",
      iss,
      iat: now - 7200,
      exp,
    });
  }

  it("answers 401 to a request with no token", async () => {
    const { status, body } = await api("POST", "/rides", { body: trip });
    expect([status, body]).toEqual([401, { message: "Unauthorized" }]);
  });

  it("answers 401 to a forged token (payload changed after signing)", async () => {
    const forged = tampered(alice.accessToken, { sub: "someone-else" });
    const { status } = await api("POST", "/rides", { token: forged, body: trip });
    expect(status).toBe(401);
  });

  it("answers 401 to a genuine but expired token", async () => {
    // The same claims with a future expiry pass, so the 401 below is the expiry's doing.
    const fresh = await signedWithPoolKey(Math.floor(Date.now() / 1000) + 600);
    expect((await api("GET", "/rides", { token: fresh })).status).toBe(200);
    const expired = await signedWithPoolKey(Math.floor(Date.now() / 1000) - 3600);
    const { status } = await api("POST", "/rides", { token: expired, body: trip });
    expect(status).toBe(401);
  });
});

describe("GET /rides", () => {
  it("lists only the caller's rides, newest first, a page at a time", async () => {
    const carol = await rider();
    const ids: string[] = [];
    // One active ride per rider: each ride is cancelled before the next.
    for (let i = 0; i < 3; i++) {
      const { body } = await api("POST", "/rides", { token: carol.accessToken, body: trip });
      ids.push(body.rideId);
      await api("POST", `/rides/${body.rideId}/cancel`, { token: carol.accessToken });
    }
    const first = await api("GET", "/rides?limit=2", { token: carol.accessToken });
    expect(first.status).toBe(200);
    expect(first.body.rides.map((r: { rideId: string }) => r.rideId)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api("GET", `/rides?limit=2&cursor=${first.body.nextCursor}`, { token: carol.accessToken });
    expect(second.body.rides.map((r: { rideId: string }) => r.rideId)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();

    const dave = await rider();
    const none = await api("GET", "/rides", { token: dave.accessToken });
    expect(none.body).toEqual({ rides: [], nextCursor: null });
  });

  it("answers 400 to a tampered cursor and to a page size out of range", async () => {
    const cursor = Buffer.from(JSON.stringify({ after: Keys.riderPartition("x") })).toString("base64url");
    const refused = await api("GET", `/rides?cursor=${cursor}`, { token: alice.accessToken });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("VALIDATION_ERROR");
    const tooMany = await api("GET", "/rides?limit=500", { token: alice.accessToken });
    expect(tooMany.status).toBe(400);
  });
});

describe("the API's own description", () => {
  it("serves the OpenAPI 3.1 document locally without a token", async () => {
    const { status, body } = await api("GET", "/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    const paths = Object.keys(body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/quotes",
        "/rides",
        "/rides/current",
        "/rides/{rideId}/board",
        "/rides/{rideId}/rating",
      ]),
    );
    expect(paths).not.toContain("/rides/{rideId}/complete");
  });

  it("answers in the shapes the document promises", async () => {
    const quote = await api("POST", "/quotes", { token: alice.accessToken, body: trip });
    expect(QuoteSchema.safeParse(quote.body).error).toBeUndefined();
    const created = await api("POST", "/rides", { token: alice.accessToken, body: { quoteId: quote.body.quoteId } });
    expect(RideSchema.safeParse(created.body).error).toBeUndefined();
    const current = await api("GET", "/rides/current", { token: alice.accessToken });
    expect(RideSchema.safeParse(current.body).error).toBeUndefined();
    const busy = await api("POST", "/rides", { token: alice.accessToken, body: trip });
    expect([busy.status, busy.body.error.details]).toEqual([409, { rideId: created.body.rideId }]);
    expect(ErrorSchema.safeParse(busy.body).error).toBeUndefined();
    const page = await api("GET", "/rides?limit=2", { token: alice.accessToken });
    expect(RidePageSchema.safeParse(page.body).error).toBeUndefined();
    const fleet = await api("GET", "/unicorns", { token: alice.accessToken });
    expect(FleetSchema.safeParse(fleet.body).error).toBeUndefined();
    const refused = await api("POST", "/rides", { token: alice.accessToken, body: {} });
    expect(ErrorSchema.safeParse(refused.body).error).toBeUndefined();
  });
});

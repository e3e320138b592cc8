/**
 * Trips through the API against DynamoDB Local: quotes and fares to the cent, the ride's life (arrive, board, ride,
 * complete, rate; cancel with and without the fee; no-show), one active ride per rider, and the service area.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { QuoteSchema, RideSchema } from "@wildrydes/core/rules/api-shapes";
import { Fares } from "@wildrydes/core/rules/fares";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import { Quotes } from "@wildrydes/core/store/quotes";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { newRider, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, type Call, nearby, riderApi } from "@wildrydes/testing/rider-api";
import { seattle } from "@wildrydes/testing/seattle-points";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A stack of its own: a short boarding window (2 s) makes no-shows testable without waiting five minutes.
const boardingWindowSeconds = 2;
let stack: Stack;
let api: Call;

beforeAll(async () => {
  stack = await startStack({ web: false, boardingWindowSeconds });
  api = apiClient(stack.endpoints);
});

afterAll(async () => {
  await stack?.stop();
});

const rider = () => newRider(stack.endpoints);
const me = (r: Rider) => riderApi(stack.endpoints, r.accessToken);

async function unicorn(name: string) {
  const out = await Db.documents().send(
    new GetCommand({ TableName: stack.endpoints.tableName, Key: Keys.unicorn(name) }),
  );
  return out.Item as Record<string, unknown>;
}

/** A pickup exactly where a free unicorn stands (ETA 0: arrived at once), and a dropoff `metres` north. */
async function arrivedRide(r: Rider, metres = 20) {
  const free = (await me(r).unicorns()).find((u) => u.available);
  if (!free) throw new Error("no free unicorn left in the test fleet");
  const ride = await me(r).requestRide(free.location, nearby(free.location, metres));
  expect(ride.unicorn.name).toBe(free.name);
  return ride;
}

/** The contract's fare formula, written out independently of core/src/rules/fares.ts. */
function expectedFare(distanceMetres: number, tripSeconds: number) {
  return Math.max(500, Math.floor(250 + 175 * (distanceMetres / 1000) + 40 * (tripSeconds / 60) + 0.5));
}

describe("POST /quotes", () => {
  it("prices the trip upfront: great-circle distance, trip time at 20 m/s, fare to the cent, valid two minutes", async () => {
    const r = await rider();
    const dropoff = { latitude: 47.6205, longitude: -122.3493 };
    const before = Date.now();
    const answer = await api("POST", "/quotes", { token: r.accessToken, body: { pickup: seattle, dropoff } });
    expect(answer.status).toBe(201);
    const after = Date.now();
    const quote = QuoteSchema.parse(answer.body);
    expect(quote.distanceMetres).toBeGreaterThan(1500);
    expect(quote.tripSeconds).toBe(Math.ceil(quote.distanceMetres / 20));
    expect(quote.fare).toEqual({ amount: expectedFare(quote.distanceMetres, quote.tripSeconds), currency: "USD" });
    expect(quote.pickupEtaSeconds).toBeGreaterThan(0);
    // Two minutes from the moment the quote was made, whenever in the request that was.
    expect(Date.parse(quote.expiresAt)).toBeGreaterThanOrEqual(before + 120_000 - 1);
    expect(Date.parse(quote.expiresAt)).toBeLessThanOrEqual(after + 120_000 + 1);
  });

  it("refuses a pickup or dropoff outside the service area with 422, naming which", async () => {
    const r = await rider();
    const sydney = { latitude: -33.87, longitude: 151.21 };
    const pickupOut = await api("POST", "/quotes", {
      token: r.accessToken,
      body: { pickup: sydney, dropoff: seattle },
    });
    expect(pickupOut.status).toBe(422);
    expect(pickupOut.body.error.code).toBe("OUTSIDE_SERVICE_AREA");
    expect(pickupOut.body.error.details.map((d: { field: string }) => d.field)).toEqual(["pickup"]);
    const both = await api("POST", "/rides", { token: r.accessToken, body: { pickup: sydney, dropoff: sydney } });
    expect(both.status).toBe(422);
    expect(both.body.error.details.map((d: { field: string }) => d.field)).toEqual(["pickup", "dropoff"]);
  });

  it("refuses a body without a dropoff with 400, before reading anything", async () => {
    const r = await rider();
    const answer = await api("POST", "/quotes", { token: r.accessToken, body: { pickup: seattle } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].field).toBe("dropoff");
  });
});

describe("POST /rides with a quote", () => {
  it("keeps the quoted fare; another rider's quote is not found; an expired one is gone (410)", async () => {
    const [alice, bob] = await Promise.all([rider(), rider()]);
    const quote = await me(alice).quote(seattle, nearby(seattle, 900));
    const stolen = await api("POST", "/rides", { token: bob.accessToken, body: { quoteId: quote.quoteId } });
    expect(stolen.status).toBe(404);
    const ride = await me(alice).requestQuoted(quote.quoteId);
    expect(ride).toMatchObject({
      fare: quote.fare,
      distanceMetres: quote.distanceMetres,
      tripSeconds: quote.tripSeconds,
    });
    expect(ride.dropoff).toEqual(quote.dropoff);
    await me(alice).cancelRide(ride.rideId);

    const old = await Quotes.create(alice.sub, seattle, nearby(seattle), new Date(Date.now() - 121_000));
    const expired = await api("POST", "/rides", { token: alice.accessToken, body: { quoteId: old.quoteId } });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe("QUOTE_EXPIRED");
  });
});

describe("a ride's life", () => {
  it("arrives, boards, flies to the dropoff, completes with the fare charged, and takes one rating", async () => {
    const r = await rider();
    const ride = await arrivedRide(r);
    expect(RideSchema.parse(await me(r).ride(ride.rideId)).status).toBe("ARRIVED");
    const early = await api("POST", `/rides/${ride.rideId}/rating`, { token: r.accessToken, body: { rating: 5 } });
    expect(early.status).toBe(409);

    const boarded = await me(r).board(ride.rideId);
    expect(boarded.status).toBe("IN_PROGRESS");
    expect(Date.parse(boarded.dropoffAt ?? "") - Date.parse(boarded.boardedAt ?? "")).toBe(boarded.tripSeconds * 1000);
    expect((await me(r).currentRide()).rideId).toBe(ride.rideId);
    const again = await api("POST", `/rides/${ride.rideId}/board`, { token: r.accessToken });
    expect(again.status).toBe(409);
    const cancelAfterBoarding = await api("POST", `/rides/${ride.rideId}/cancel`, { token: r.accessToken });
    expect(cancelAfterBoarding.status).toBe(409);

    await sleep(Date.parse(boarded.dropoffAt ?? "") - Date.now() + 50);
    const done = await me(r).ride(ride.rideId);
    expect(done).toMatchObject({ status: "COMPLETED", completedAt: boarded.dropoffAt, charged: ride.fare });
    expect((await api("GET", "/rides/current", { token: r.accessToken })).status).toBe(404);

    expect((await me(r).rate(ride.rideId, 4)).rating).toBe(4);
    const twice = await api("POST", `/rides/${ride.rideId}/rating`, { token: r.accessToken, body: { rating: 4 } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("INVALID_RIDE_STATE");
  });

  it("refuses boarding before the unicorn has arrived", async () => {
    const r = await rider();
    const ride = await me(r).requestRide(seattle);
    const answer = await api("POST", `/rides/${ride.rideId}/board`, { token: r.accessToken });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe("INVALID_RIDE_STATE");
    await me(r).cancelRide(ride.rideId);
  });

  it("cancels for free on the way and frees the unicorn where it had got to; with a fee once it has arrived", async () => {
    const r = await rider();
    const onTheWay = await me(r).requestRide(seattle);
    const free = await me(r).cancelRide(onTheWay.rideId);
    expect(free).toMatchObject({ status: "CANCELLED", charged: { amount: 0, currency: "USD" } });
    expect(await unicorn(onTheWay.unicorn.name)).toMatchObject({ status: "AVAILABLE" });

    const arrived = await arrivedRide(r);
    const late = await me(r).cancelRide(arrived.rideId);
    expect(late.charged).toEqual({ amount: Fares.lateCancelFeeCents, currency: "USD" });
    expect((await unicorn(arrived.unicorn.name)).location).toEqual(arrived.pickup);
  });

  it("is a no-show once the boarding window passes: the fee, and the rider may ride again at once", async () => {
    const r = await rider();
    const ride = await arrivedRide(r);
    await sleep(boardingWindowSeconds * 1000 + 100);
    const noShow = await me(r).ride(ride.rideId);
    expect(noShow).toMatchObject({ status: "NO_SHOW", noShowAt: ride.boardBy, charged: { amount: 500 } });
    const board = await api("POST", `/rides/${ride.rideId}/board`, { token: r.accessToken });
    expect(board.status).toBe(409);
    // The sweep has not run (this stack runs it only on demand): the next ride is not blocked by the old one.
    const next = await me(r).requestRide(seattle);
    expect(next.status).toBe("EN_ROUTE");
    await stack.runSchedule("Sweep");
    expect(await unicorn(ride.unicorn.name)).toMatchObject({ status: "AVAILABLE", location: ride.pickup });
    await me(r).cancelRide(next.rideId);
  });

  it("ends the workshop's POST /ride ride when the unicorn arrives, for nothing", async () => {
    const r = await rider();
    const free = (await me(r).unicorns()).find((u) => u.available);
    const pickup = free?.location ?? seattle;
    const body = { PickupLocation: { Latitude: pickup.latitude, Longitude: pickup.longitude } };
    const answer = await api("POST", "/ride", { token: r.idToken, body });
    expect(answer.status).toBe(201);
    const ride = await me(r).ride(answer.body.RideId);
    expect(ride).toMatchObject({ status: "COMPLETED", charged: { amount: 0 }, dropoff: ride.pickup });
    // Completed by the clock, before any sweep: it can be rated at once.
    expect((await me(r).rate(ride.rideId, 5)).rating).toBe(5);
    const sydney = { PickupLocation: { Latitude: -33.87, Longitude: 151.21 } };
    const outside = await api("POST", "/ride", { token: r.idToken, body: sydney });
    expect(outside.status).toBe(422);
    expect(outside.body.error.details).toEqual([{ field: "pickup", problem: expect.any(String) }]);
    expect((await me(r).requestRide(seattle)).status).toBe("EN_ROUTE");
    await me(r).cancelActiveRides();
  });
});

describe("one active ride per rider", () => {
  it("makes exactly one ride of twenty simultaneous requests; the others name it with 409 RIDE_IN_PROGRESS", async () => {
    const r = await rider();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api("POST", "/rides", {
          token: r.accessToken,
          body: { pickup: seattle, dropoff: nearby(seattle) },
          headers: { "idempotency-key": `tab-${i}` },
        }),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(19);
    const rideId = created[0]?.body.rideId;
    for (const answer of refused) {
      expect(answer.body.error).toMatchObject({ code: "RIDE_IN_PROGRESS", details: { rideId } });
    }
    expect((await me(r).rides()).map((ride) => ride.rideId)).toEqual([rideId]);
    expect((await me(r).currentRide()).rideId).toBe(rideId);
    await me(r).cancelRide(rideId);
    expect((await api("GET", "/rides/current", { token: r.accessToken })).status).toBe(404);
  });
});

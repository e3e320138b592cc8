/**
 * A ride's life through the API on the shared stack: read, cancel, board, ride to the dropoff, rate, and every
 * refusal on the way; the sweep then frees the unicorn where the trip ended.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Geo, type Location } from "@wildrydes/core/rules/geo";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import { Sweep } from "@wildrydes/core/store/sweep";
import { newRider, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, nearby, riderApi } from "@wildrydes/testing/rider-api";
import { seattle } from "@wildrydes/testing/seattle-points";
import { sharedStack } from "@wildrydes/testing/shared-stack";
import { claimsOf } from "@wildrydes/testing/tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const endpoints = await sharedStack();
const api = apiClient(endpoints);
const trip = { pickup: seattle, dropoff: nearby(seattle) };
let alice: Rider;
let bob: Rider;

beforeAll(async () => {
  [alice, bob] = await Promise.all([newRider(endpoints), newRider(endpoints)]);
});

// The fleet is shared with other files: leave no unicorn booked.
afterAll(async () => {
  await Promise.all([alice, bob].map((r) => r && riderApi(endpoints, r.accessToken).cancelActiveRides()));
});

async function unicorn(name: string) {
  const out = await Db.documents().send(new GetCommand({ TableName: endpoints.tableName, Key: Keys.unicorn(name) }));
  return out.Item as Record<string, unknown>;
}

/** A pickup exactly where a free unicorn stands (ETA 0: arrived at once), and a trip of about a second. */
async function arrivedRide(rider: Rider) {
  const me = riderApi(endpoints, rider.accessToken);
  // Other files share the fleet: should another rider book this unicorn first, stand next to the next free one.
  for (const free of (await me.unicorns()).filter((u) => u.available)) {
    const ride = await me.requestRide(free.location, nearby(free.location, 20));
    if (ride.unicorn.name !== free.name) {
      await me.cancelRide(ride.rideId);
      continue;
    }
    expect(ride.status).toBe("ARRIVED");
    return ride;
  }
  throw new Error("no free unicorn to stand next to");
}

describe("GET /rides/{rideId}", () => {
  it("shows the rider their ride, and answers 404 to anyone else and to ids that cannot exist", async () => {
    const { body: ride } = await api("POST", "/rides", { token: alice.accessToken, body: trip });
    const mine = await api("GET", `/rides/${ride.rideId}`, { token: alice.accessToken });
    expect(mine).toMatchObject({ status: 200, body: ride });
    const theirs = await api("GET", `/rides/${ride.rideId}`, { token: bob.accessToken });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe("NOT_FOUND");
    expect((await api("GET", "/rides/not-a-ride", { token: alice.accessToken })).status).toBe(404);
    await api("POST", `/rides/${ride.rideId}/cancel`, { token: alice.accessToken });
  });
});

describe("POST /rides/{rideId}/cancel", () => {
  it("cancels an active ride, frees the unicorn, and refuses a second cancel, boarding or a rating", async () => {
    const { body: ride } = await api("POST", "/rides", { token: alice.accessToken, body: trip });
    expect((await unicorn(ride.unicorn.name)).status).toBe("BUSY");

    expect((await api("POST", `/rides/${ride.rideId}/cancel`, { token: bob.accessToken })).status).toBe(404);
    const cancelled = await api("POST", `/rides/${ride.rideId}/cancel`, { token: alice.accessToken });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ rideId: ride.rideId, status: "CANCELLED", cancelledAt: expect.any(String) });
    const freed = await unicorn(ride.unicorn.name);
    const indexed = Keys.availableIn(Geo.cellOf(freed.location as Location), ride.unicorn.name);
    expect(freed).toMatchObject({ status: "AVAILABLE", ...indexed });
    expect(freed).not.toHaveProperty("rideId");

    const again = await api("POST", `/rides/${ride.rideId}/cancel`, { token: alice.accessToken });
    expect([again.status, again.body.error.code]).toEqual([409, "INVALID_RIDE_STATE"]);
    const board = await api("POST", `/rides/${ride.rideId}/board`, { token: alice.accessToken });
    expect([board.status, board.body.error.code]).toEqual([409, "INVALID_RIDE_STATE"]);
    const rating = await api("POST", `/rides/${ride.rideId}/rating`, { token: alice.accessToken, body: { rating: 5 } });
    expect([rating.status, rating.body.error.code]).toEqual([409, "INVALID_RIDE_STATE"]);
  });

  it("refuses a body with options it does not have", async () => {
    const { body: ride } = await api("POST", "/rides", { token: alice.accessToken, body: trip });
    const refused = await api("POST", `/rides/${ride.rideId}/cancel`, { token: alice.accessToken, body: { why: "x" } });
    expect(refused.status).toBe(400);
    expect((await api("POST", `/rides/${ride.rideId}/cancel`, { token: alice.accessToken })).status).toBe(200);
  });
});

describe("POST /rides/{rideId}/board and /rating", () => {
  it("refuses to board before the unicorn has arrived", async () => {
    const { body: ride } = await api("POST", "/rides", { token: bob.accessToken, body: trip });
    expect(ride.etaSeconds).toBeGreaterThan(0);
    const early = await api("POST", `/rides/${ride.rideId}/board`, { token: bob.accessToken });
    expect([early.status, early.body.error.code]).toEqual([409, "INVALID_RIDE_STATE"]);
    await api("POST", `/rides/${ride.rideId}/cancel`, { token: bob.accessToken });
  });

  it("boards an arrived ride, completes it at the dropoff for its fare, takes one rating, and frees the unicorn there", async () => {
    const ride = await arrivedRide(alice);
    expect((await api("POST", `/rides/${ride.rideId}/board`, { token: bob.accessToken })).status).toBe(404);
    const boarded = await api("POST", `/rides/${ride.rideId}/board`, { token: alice.accessToken });
    expect(boarded.status).toBe(200);
    expect(boarded.body).toMatchObject({ status: "IN_PROGRESS", boardedAt: expect.any(String) });
    const onBoard = await api("POST", `/rides/${ride.rideId}/rating`, {
      token: alice.accessToken,
      body: { rating: 5 },
    });
    expect([onBoard.status, onBoard.body.error.code]).toEqual([409, "INVALID_RIDE_STATE"]);

    await sleep(Date.parse(boarded.body.dropoffAt) - Date.now() + 50);
    const badRating = await api("POST", `/rides/${ride.rideId}/rating`, {
      token: alice.accessToken,
      body: { rating: 6 },
    });
    expect(badRating.status).toBe(400);
    expect(badRating.body.error.details[0].field).toBe("rating");
    const theirs = await api("POST", `/rides/${ride.rideId}/rating`, { token: bob.accessToken, body: { rating: 1 } });
    expect(theirs.status).toBe(404);

    // Completed by the clock before any sweep: rated at once, the fare charged.
    const done = await api("POST", `/rides/${ride.rideId}/rating`, { token: alice.accessToken, body: { rating: 5 } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: "COMPLETED",
      rating: 5,
      completedAt: boarded.body.dropoffAt,
      charged: ride.fare,
    });
    // The sweep makes it durable and frees the unicorn at the dropoff; the rating stays.
    await Sweep.run();
    expect(await unicorn(ride.unicorn.name)).toMatchObject({ status: "AVAILABLE", location: ride.dropoff });

    const cancel = await api("POST", `/rides/${ride.rideId}/cancel`, { token: alice.accessToken });
    expect([cancel.status, cancel.body.error.code]).toEqual([409, "INVALID_RIDE_STATE"]);
    const history = await api("GET", "/rides?limit=1", { token: alice.accessToken });
    expect(history.body.rides[0]).toMatchObject({ rideId: ride.rideId, status: "COMPLETED", rating: 5 });
  });
});

describe("GET /unicorns", () => {
  it("lists the whole fleet with who is free", async () => {
    const { body: ride } = await api("POST", "/rides", { token: bob.accessToken, body: trip });
    const { status, body } = await api("GET", "/unicorns", { token: bob.accessToken });
    expect(status).toBe(200);
    expect(body.unicorns).toHaveLength(seattleFleet.length);
    const names = body.unicorns.map((u: { name: string }) => u.name);
    expect(names).toEqual(expect.arrayContaining(["Bucephalus", "Shadowfax", "Rocinante"]));
    const busy = body.unicorns.find((u: { name: string }) => u.name === ride.unicorn.name);
    expect(busy).toMatchObject({ available: false, color: ride.unicorn.color, location: expect.any(Object) });
    await api("POST", `/rides/${ride.rideId}/cancel`, { token: bob.accessToken });
  });
});

describe("POST /ride (the original Wild Rydes contract)", () => {
  it("answers the workshop's shape to its request with a bare id token", async () => {
    const { status, body } = await api("POST", "/ride", {
      rawAuthorization: alice.idToken,
      body: { PickupLocation: { Latitude: 47.6, Longitude: -122.3 } },
    });
    expect(status).toBe(201);
    expect(body).toEqual({
      RideId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      Unicorn: {
        Name: expect.any(String),
        Color: expect.any(String),
        Gender: expect.stringMatching(/^(Male|Female)$/),
      },
      UnicornName: body.Unicorn.Name,
      Eta: expect.stringMatching(/^\d+ seconds$/),
      // In a pool where riders sign in with their email, Cognito's username is a generated id, not the email.
      Rider: claimsOf(alice.idToken)["cognito:username"],
    });
    await api("POST", `/rides/${body.RideId}/cancel`, { token: alice.accessToken });
  });

  it("refuses the new API's body shape with a validation error", async () => {
    const { status } = await api("POST", "/ride", { token: alice.accessToken, body: trip });
    expect(status).toBe(400);
  });
});

describe("request body limits", () => {
  it("answers 413 to a body over 8 KB and 415 to a body that is not JSON", async () => {
    const big = await api("POST", "/rides", {
      token: alice.accessToken,
      rawBody: `{"pad":"${"x".repeat(9000)}"}`,
      headers: { "content-type": "application/json" },
    });
    expect([big.status, big.body.error.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    const form = await api("POST", "/rides", {
      token: alice.accessToken,
      rawBody: "pickup=here",
      headers: { "content-type": "text/plain" },
    });
    expect([form.status, form.body.error.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
  });
});

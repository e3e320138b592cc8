/**
 * Roles (docs/api.md, "Accounts and roles") on the shared stack, with real tokens whose `cognito:groups` the gateway
 * hands over as API Gateway does: a rider is refused every unicorn route, a unicorn's crew may call the riders'
 * routes and its own, an operator neither, and an account of the `unicorns` group flying no unicorn none of the
 * unicorn routes. A refusal comes before the body is read.
 */
import { FleetSchema, UnicornSelfSchema } from "@wildrydes/core/rules/api-shapes";
import { Channels } from "@wildrydes/core/rules/channels";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { routes } from "@wildrydes/functions/catalogue/routes";
import type { Tokens } from "@wildrydes/local/cognito/accounts";
import { LiveClient } from "@wildrydes/testing/live-client";
import { newRider, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, nearby } from "@wildrydes/testing/rider-api";
import { newOperatorAccount, newUnicornAccount, signInDemo } from "@wildrydes/testing/role-accounts";
import { seattle } from "@wildrydes/testing/seattle-points";
import { sharedStack } from "@wildrydes/testing/shared-stack";
import { claimsOf } from "@wildrydes/testing/tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const endpoints = await sharedStack();
const api = apiClient(endpoints);
const demo = endpoints.demoAccounts?.unicorns[0];
if (!demo) throw new Error("the shared stack seeds, so it has demo accounts");
const live = endpoints.events;
if (!live) throw new Error("the shared stack serves live events");

let rider: Rider;
let crew: Tokens;
let unlinked: Rider;
let operator: Rider;

beforeAll(async () => {
  [rider, crew, unlinked, operator] = await Promise.all([
    newRider(endpoints),
    // The first crewed unicorn's demo account: no other file of the shared stack signs in as it.
    signInDemo(endpoints, demo),
    newUnicornAccount(endpoints),
    newOperatorAccount(endpoints),
  ]);
});

// The fleet is shared with other files: the crew ends off shift, as it started.
afterAll(async () => {
  if (crew) await api("POST", "/unicorn/shift", { token: crew.accessToken, body: { onShift: false } });
});

const forbidden = { error: { code: "FORBIDDEN", message: expect.any(String) } };
/** Any well-formed ride id: a refusal by role comes before the ride is looked for. */
const someRideId = "01J00000000000000000000000";
/** A body no route accepts: a refusal by role comes before it is read. */
const badBody = { nonsense: ["not", "a", "valid", "body"] };

const calls = (role: "rider" | "unicorn") =>
  routes
    .filter((route) => route.role === role)
    .map((route) => ({
      method: route.method,
      path: route.path.replace("{rideId}", someRideId).replace("{offerId}", someRideId),
    }));
const riderRoutes = calls("rider");

/** Every route of `routes` answers this token 403 FORBIDDEN, a bad body notwithstanding (the role is checked first). */
async function expectForbidden(token: string, routes: { method: string; path: string }[]) {
  for (const { method, path } of routes) {
    const answer = await api(method, path, { token, body: method === "POST" ? badBody : undefined });
    expect({ method, path, status: answer.status, body: answer.body }).toEqual({
      method,
      path,
      status: 403,
      body: forbidden,
    });
  }
}
const unicornRoutes = calls("unicorn");

const onShift = (token: string, body: unknown) => api("POST", "/unicorn/shift", { token, body });
const fleetMember = async (token: string, unicornId: string) => {
  const { body } = await api("GET", "/unicorns", { token });
  return FleetSchema.parse(body).unicorns.find((u) => u.unicornId === unicornId);
};

describe("the route table's roles", () => {
  it("has rider and unicorn routes to check", () => {
    expect(riderRoutes.length).toBeGreaterThanOrEqual(10);
    expect(unicornRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "GET /unicorn/me",
        "POST /unicorn/shift",
        "GET /unicorn/rides",
        "GET /unicorn/rides/current",
        "GET /unicorn/offers/current",
        `POST /unicorn/offers/${someRideId}/accept`,
        `POST /unicorn/offers/${someRideId}/decline`,
      ]),
    );
  });
});

describe("a rider (no group)", () => {
  it("carries no cognito:groups in its tokens", () => {
    expect(claimsOf(rider.accessToken)).not.toHaveProperty("cognito:groups");
  });

  it("is refused every unicorn route with 403 FORBIDDEN, before the body is read", async () => {
    await expectForbidden(rider.accessToken, unicornRoutes);
  });
});

describe("a unicorn's crew (group unicorns, linked)", () => {
  it("carries its group in both tokens", () => {
    expect(claimsOf(crew.accessToken)["cognito:groups"]).toEqual(["unicorns"]);
    expect(claimsOf(crew.idToken)["cognito:groups"]).toEqual(["unicorns"]);
  });

  it("may call the riders' routes", async () => {
    const me = await api("GET", "/me", { token: crew.accessToken });
    expect(me.status).toBe(200);
    const rides = await api("GET", "/rides", { token: crew.accessToken });
    expect([rides.status, rides.body]).toEqual([200, { rides: [], nextCursor: null }]);
    const quote = await api("POST", "/quotes", {
      token: crew.accessToken,
      body: { pickup: seattle, dropoff: nearby(seattle) },
    });
    // 409 only if the shared fleet's bots are all on other files' rides at this moment: still not a refusal by role.
    expect([201, 409]).toContain(quote.status);
    const fleet = await api("GET", "/unicorns", { token: crew.accessToken });
    expect(fleet.status).toBe(200);
  });

  it("reads itself: its unicorn, crewed, off shift at start, nothing earned", async () => {
    const { status, body } = await api("GET", "/unicorn/me", { token: crew.accessToken });
    expect(status).toBe(200);
    const self = UnicornSelfSchema.parse(body);
    const profile = seattleFleet.find((u) => u.unicornId === demo.unicornId);
    expect(self).toMatchObject({
      unicornId: demo.unicornId,
      name: profile?.name,
      crewed: true,
      onShift: false,
      available: false,
      earnings: { today: { amount: 0, currency: "USD" }, total: { amount: 0, currency: "USD" } },
    });
  });

  it("is pushed to the fleet's live channel as it goes on shift and off", async () => {
    const listener = await LiveClient.connect(live.realtimeUrl, rider.accessToken);
    try {
      expect(await listener.subscribe("fleet", Channels.fleet, rider.accessToken)).toMatchObject({
        type: "subscribe_success",
      });
      const pushed = (available: boolean) =>
        listener.next((m) => {
          const event = m.type === "data" ? JSON.parse(m.event ?? "{}") : {};
          return event.unicorn?.unicornId === demo.unicornId && event.unicorn.available === available;
        }, 10_000);
      expect((await onShift(crew.accessToken, { onShift: true })).status).toBe(200);
      await pushed(true);
      expect((await onShift(crew.accessToken, { onShift: false })).status).toBe(200);
      await pushed(false);
    } finally {
      listener.close();
      await onShift(crew.accessToken, { onShift: false });
    }
  });

  it("goes on shift (the fleet shows it available) and off again", async () => {
    // Every call first, then the checks: the crew ends off shift even when a check fails.
    const on = await onShift(crew.accessToken, { onShift: true });
    const meOn = await api("GET", "/unicorn/me", { token: crew.accessToken });
    const fleetOn = await fleetMember(crew.accessToken, demo.unicornId);
    const off = await onShift(crew.accessToken, { onShift: false });
    const fleetOff = await fleetMember(crew.accessToken, demo.unicornId);

    expect(on.status).toBe(200);
    expect(UnicornSelfSchema.parse(on.body)).toMatchObject({
      unicornId: demo.unicornId,
      onShift: true,
      available: true,
    });
    expect(meOn.body).toMatchObject({ onShift: true, available: true });
    expect(fleetOn).toMatchObject({ unicornId: demo.unicornId, crewed: true, available: true });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ unicornId: demo.unicornId, onShift: false, available: false });
    expect(fleetOff).toMatchObject({ unicornId: demo.unicornId, crewed: true, available: false });
  });

  it.each([
    ["an empty object", {}],
    ["onShift as a string", { onShift: "yes" }],
    ["onShift as null", { onShift: null }],
    ["an unknown field", { onShift: true, shiftLength: 8 }],
    ["an array", [true]],
  ])("answers a shift body of %s with 400 VALIDATION_ERROR", async (_, body) => {
    const answer = await onShift(crew.accessToken, body);
    expect([answer.status, answer.body.error.code]).toEqual([400, "VALIDATION_ERROR"]);
  });

  it("answers a shift body that is not JSON with 400 VALIDATION_ERROR, and one that is not said to be JSON with 415", async () => {
    const notJson = await api("POST", "/unicorn/shift", {
      token: crew.accessToken,
      rawBody: "{onShift: true",
      headers: { "content-type": "application/json" },
    });
    expect([notJson.status, notJson.body.error.code]).toEqual([400, "VALIDATION_ERROR"]);
    const plain = await api("POST", "/unicorn/shift", {
      token: crew.accessToken,
      rawBody: JSON.stringify({ onShift: true }),
      headers: { "content-type": "text/plain" },
    });
    expect(plain.status).toBe(415);
    expect((await api("GET", "/unicorn/me", { token: crew.accessToken })).body).toMatchObject({ onShift: false });
  });

  it("has no jobs yet: an empty page, no current job and no offer (404)", async () => {
    const page = await api("GET", "/unicorn/rides", { token: crew.accessToken });
    expect([page.status, page.body]).toEqual([200, { rides: [], nextCursor: null }]);
    const limited = await api("GET", "/unicorn/rides?limit=5", { token: crew.accessToken });
    expect([limited.status, limited.body]).toEqual([200, { rides: [], nextCursor: null }]);
    const badLimit = await api("GET", "/unicorn/rides?limit=0", { token: crew.accessToken });
    expect([badLimit.status, badLimit.body.error.code]).toEqual([400, "VALIDATION_ERROR"]);
    const current = await api("GET", "/unicorn/rides/current", { token: crew.accessToken });
    expect([current.status, current.body.error.code]).toEqual([404, "NOT_FOUND"]);
    // Off shift, nothing offered: no current offer, and no offer of that id to answer.
    const offer = await api("GET", "/unicorn/offers/current", { token: crew.accessToken });
    expect([offer.status, offer.body.error.code]).toEqual([404, "NOT_FOUND"]);
    const accept = await api("POST", `/unicorn/offers/${someRideId}/accept`, { token: crew.accessToken });
    expect([accept.status, accept.body.error.code]).toEqual([404, "NOT_FOUND"]);
  });
});

describe("GET /unicorns", () => {
  it("lists the whole roster, each with its unicornId and whether it is crewed", async () => {
    const { status, body } = await api("GET", "/unicorns", { token: rider.accessToken });
    expect(status).toBe(200);
    const listed = FleetSchema.parse(body).unicorns.map((u) => ({ unicornId: u.unicornId, crewed: u.crewed }));
    const roster = seattleFleet.map((u) => ({ unicornId: u.unicornId, crewed: u.crewed === true }));
    expect(listed).toHaveLength(seattleFleet.length);
    expect(listed).toEqual(expect.arrayContaining(roster));
  });
});

describe("an account of the unicorns group that flies no unicorn", () => {
  it("is refused every unicorn route with 403 FORBIDDEN, before the body is read", async () => {
    expect(claimsOf(unlinked.accessToken)["cognito:groups"]).toEqual(["unicorns"]);
    await expectForbidden(unlinked.accessToken, unicornRoutes);
  });

  it("may still call the riders' routes", async () => {
    expect((await api("GET", "/me", { token: unlinked.accessToken })).status).toBe(200);
  });
});

describe("an operator (group operators)", () => {
  it("carries its group in its token", () => {
    expect(claimsOf(operator.accessToken)["cognito:groups"]).toEqual(["operators"]);
  });

  it("is refused every rider and unicorn route with 403 FORBIDDEN, before the body is read", async () => {
    await expectForbidden(operator.accessToken, [...riderRoutes, ...unicornRoutes]);
  });

  it("is refused the workshop's POST /ride with its bare id token too", async () => {
    const answer = await api("POST", "/ride", {
      rawAuthorization: operator.idToken,
      body: { PickupLocation: { Latitude: 47.6, Longitude: -122.3 } },
    });
    expect([answer.status, answer.body]).toEqual([403, forbidden]);
  });
});

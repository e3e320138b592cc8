/**
 * Dispatch with offers (docs/api.md, "Dispatch with offers", "Unicorn routes", "Live push"), end to end through the
 * gateway, the offer chain (a durable function on AWS's local runner) and the live events, on a stack of this file's
 * own: the crewed unicorns go on shift here, and the shared stack's files book rides downtown that must only ever
 * meet bots.
 *
 * Who gets an offer follows from where the unicorns stand, read from GET /unicorns before each request:
 * - `nearMoonbeam`: Moonbeam is nearest by far (about 300 m; the next, a bot, 880 m away), so with Moonbeam on shift
 *   it gets the first offer.
 * - `between`: Moonbeam and Stardust are the two nearest (about 560 m each), the nearest bots some 180 m further, so
 *   with both on shift a declined or expired first offer goes to the other crew, and a second decline to a bot.
 * - A third crewed offer needs every bot out of the way: the "every bot busy" group books all twelve bots for riders
 *   of its own first (crews off shift, so only bots are booked), and then only the crews are free.
 * Every test leaves the fleet as it found it (rides cancelled, crews off shift, chains ended), and the table's
 * invariants are checked after each.
 */

import {
  ErrorSchema,
  type FleetMember,
  FleetSchema,
  type Offer,
  OfferSchema,
  type Ride,
  RideSchema,
} from "@wildrydes/core/rules/api-shapes";
import { Channels } from "@wildrydes/core/rules/channels";
import type { Location } from "@wildrydes/core/rules/geo";
import { Geo } from "@wildrydes/core/rules/geo";
import { OfferRules } from "@wildrydes/core/rules/ride-clock";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { offerKeptSeconds } from "@wildrydes/core/store/offer-item";
import { Offers } from "@wildrydes/core/store/offers";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { type CrewApi, crewApi, eventually } from "@wildrydes/testing/crew-api";
import { closeAll, LiveClient } from "@wildrydes/testing/live-client";
import { newRider, newRiders, type Rider } from "@wildrydes/testing/rider-accounts";
import { type Answer, apiClient, type Call, nearby, riderApi } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { seattle } from "@wildrydes/testing/seattle-points";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants, scanTable } from "./security/invariants";

type CrewId = "stardust" | "moonbeam" | "bramble";
const crewIds: CrewId[] = ["stardust", "moonbeam", "bramble"];
const nearMoonbeam: Location = { latitude: 47.6204, longitude: -122.3314 };
const between: Location = { latitude: 47.6128, longitude: -122.3298 };
const profile = (unicornId: string) => {
  const found = seattleFleet.find((u) => u.unicornId === unicornId);
  if (!found) throw new Error(`${unicornId} is not in the roster`);
  return found;
};
const usd0 = { amount: 0, currency: "USD" };
const offerClosed = { error: { code: "OFFER_CLOSED", message: expect.any(String) } };
const notFound = { error: { code: "NOT_FOUND", message: expect.any(String) } };

let stack: Stack;
let api: Call;
let crews: Record<CrewId, CrewApi>;
/** A rider of no test's own, to read the fleet with. */
let watcher: Rider;
/** Riders a test made: their rides are cancelled after it. */
let made: Rider[] = [];
const live: LiveClient[] = [];

beforeAll(async () => {
  // Unthrottled: the race below fires answers faster than the deployed per-route rates.
  stack = await startStack({ web: false, throttle: false, boardingWindowSeconds: 1800 });
  api = apiClient(stack.endpoints);
  const accounts = stack.endpoints.demoAccounts?.unicorns ?? [];
  expect(accounts.map((a) => a.unicornId).sort()).toEqual([...crewIds].sort());
  const signedIn = await Promise.all(
    accounts.map(async (a) => [
      a.unicornId,
      crewApi(stack.endpoints, (await signInDemo(stack.endpoints, a)).accessToken),
    ]),
  );
  crews = Object.fromEntries(signedIn) as Record<CrewId, CrewApi>;
  watcher = await newRider(stack.endpoints);
}, 90_000);

afterAll(async () => {
  await closeAll(live);
  await stack?.stop();
});

afterEach(async () => {
  await closeAll(live);
  await Promise.all(made.map((r) => riderApi(stack.endpoints, r.accessToken).cancelActiveRides()));
  made = [];
  await onShift();
  await stack.offerChains.settled();
  const report = checkInvariants(await scanTable(stack.endpoints.tableName));
  expect(report.violations).toEqual([]);
  expect(report.dispatching).toBe(0);
});

/** New riders, their rides cancelled after the test. */
async function riders(count: number): Promise<Rider[]> {
  const fresh = await newRiders(stack.endpoints, count);
  made.push(...fresh);
  return fresh;
}

/** Exactly these crews on shift, the others off. */
async function onShift(...on: CrewId[]) {
  const answers = await Promise.all(crewIds.map((id) => crews[id].shift(on.includes(id))));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
}

async function fleet(): Promise<FleetMember[]> {
  const { status, body } = await api("GET", "/unicorns", { token: watcher.accessToken });
  expect(status).toBe(200);
  return FleetSchema.parse(body).unicorns;
}

const member = async (unicornId: string) => (await fleet()).find((u) => u.unicornId === unicornId);

/** The free unicorns nearest first, as dispatch will try them (an off-shift crew is not available). */
function byDistance(pickup: Location, unicorns: FleetMember[]): FleetMember[] {
  return unicorns
    .filter((u) => u.available)
    .sort((a, b) => Geo.distanceMetres(pickup, a.location) - Geo.distanceMetres(pickup, b.location));
}

const etaFrom = (u: FleetMember, pickup: Location) =>
  Math.ceil(Geo.distanceMetres(u.location, pickup) / profile(u.unicornId).speedMps);

/** POST /rides: a Ride, or an error body (answers are checked by the tests, so typed loosely). */
function requestRide(rider: Rider, pickup: Location) {
  return api("POST", "/rides", { token: rider.accessToken, body: { pickup, dropoff: nearby(pickup) } });
}

const getRide = (rider: Rider, rideId: string) => api("GET", `/rides/${rideId}`, { token: rider.accessToken });
const cancel = (rider: Rider, rideId: string) => api("POST", `/rides/${rideId}/cancel`, { token: rider.accessToken });

/** Waits until the ride, as the rider reads it, is no longer DISPATCHING. */
function settledRide(rider: Rider, rideId: string, timeoutMs = 5000) {
  return eventually(
    async () => {
      const { body } = await getRide(rider, rideId);
      return body.status !== "DISPATCHING" && body;
    },
    { what: `ride ${rideId} leaving DISPATCHING`, timeoutMs },
  );
}

/** A ride as DISPATCHING answers it: no unicorn, no ETA, nothing charged. */
function expectDispatching(answer: { status: number; body: Ride }) {
  expect(answer.status).toBe(201);
  const ride = RideSchema.parse(answer.body);
  expect(ride).toMatchObject({ status: "DISPATCHING", unicorn: null, unicornFrom: null, arrivesAt: null });
  expect(ride.etaSeconds).toBeNull();
  expect(ride.charged).toBeUndefined();
  return ride;
}

/** A taken ride's times: arrivesAt counted from the moment it was taken (acceptedAt), not from the request. */
function expectTakenAt(ride: Ride, by: FleetMember, pickup: Location) {
  expect(ride.status).toBe("EN_ROUTE");
  expect(ride.unicorn).toEqual({ unicornId: by.unicornId, name: by.name, color: by.color, gender: by.gender });
  expect(ride.unicornFrom).toEqual(by.location);
  expect(ride.etaSeconds).toBe(etaFrom(by, pickup));
  const acceptedAt = Date.parse(ride.acceptedAt ?? "");
  expect(acceptedAt).toBeGreaterThan(Date.parse(ride.requestedAt));
  expect(Date.parse(ride.arrivesAt ?? "")).toBe(acceptedAt + (ride.etaSeconds ?? 0) * 1000);
}

/** Connects with `token` and subscribes to `channel`; its parsed events are read with `events`. */
async function listen(token: string, channel: string) {
  const client = await LiveClient.connect(stack.endpoints.events.realtimeUrl, token);
  live.push(client);
  expect(await client.subscribe("sub", channel, token)).toMatchObject({ type: "subscribe_success" });
  return {
    /** Waits for an event passing `match`, and returns it. */
    next: async <T = { type: string; offer?: Offer; ride?: Ride }>(match: (event: T) => boolean, what: string) => {
      const message = await client
        .next((m) => m.type === "data" && match(JSON.parse(m.event ?? "null")), 10_000)
        .catch(() => {
          throw new Error(`${channel}: no ${what} pushed; got ${JSON.stringify(client.events("sub"))}`);
        });
      return JSON.parse(message.event ?? "null") as T;
    },
    events: () => client.events("sub") as { type: string; offer?: Offer; ride?: Ride }[],
  };
}

const offerEvent = (offerId: string, status: Offer["status"]) => (e: { type: string; offer?: Offer }) =>
  e.type === "offer" && e.offer?.offerId === offerId && e.offer.status === status;
const rideEvent = (rideId: string, status: Ride["status"]) => (e: { type: string; ride?: Ride }) =>
  e.type === "ride" && e.ride?.rideId === rideId && e.ride.status === status;

describe("with the bots free", () => {
  it("passes an off-shift crewed unicorn by: the nearest bot takes the ride at once, EN_ROUTE", async () => {
    const [rider] = await riders(1);
    const unicorns = await fleet();
    expect(unicorns.find((u) => u.unicornId === "moonbeam")).toMatchObject({ crewed: true, available: false });
    const [nearest] = byDistance(nearMoonbeam, unicorns);
    if (!nearest) throw new Error("no free unicorn");
    expect(nearest.crewed).toBe(false);

    const answer = await requestRide(rider as Rider, nearMoonbeam);
    expect(answer.status).toBe(201);
    expect(RideSchema.parse(answer.body)).toMatchObject({
      status: "EN_ROUTE",
      unicorn: { unicornId: nearest.unicornId, name: nearest.name },
    });
    expect(answer.body.acceptedAt).toBeUndefined();
    expect((await crews.moonbeam.currentOffer()).status).toBe(404);
  });

  it("never makes the workshop's POST /ride wait: it books the nearest bot, even with a crew on shift nearer", async () => {
    await onShift("moonbeam");
    const [rider] = (await riders(1)) as [Rider];
    const [moonbeam, ...others] = byDistance(nearMoonbeam, await fleet());
    expect(moonbeam?.unicornId).toBe("moonbeam");
    const nearestBot = others.find((u) => !u.crewed);
    const answer = await api("POST", "/ride", {
      token: rider.accessToken,
      body: { PickupLocation: { Latitude: nearMoonbeam.latitude, Longitude: nearMoonbeam.longitude } },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ UnicornName: nearestBot?.name, Unicorn: { Name: nearestBot?.name } });
    expect((await getRide(rider, answer.body.RideId)).body).toMatchObject({
      status: "EN_ROUTE",
      unicorn: { unicornId: nearestBot?.unicornId },
    });
    expect((await crews.moonbeam.currentOffer()).status).toBe(404);
    expect(await member("moonbeam")).toMatchObject({ available: true });
  });

  it("accept: the ride is EN_ROUTE with the accepting unicorn, timed from the acceptance, and is its job", async () => {
    await onShift("moonbeam");
    const [rider] = (await riders(1)) as [Rider];
    const unicorns = await fleet();
    const [moonbeam] = byDistance(nearMoonbeam, unicorns);
    expect(moonbeam?.unicornId).toBe("moonbeam");
    if (!moonbeam) return;

    const requested = expectDispatching(await requestRide(rider, nearMoonbeam));
    const current = await api("GET", "/rides/current", { token: rider.accessToken });
    expect([current.status, current.body]).toEqual([200, requested]);

    const offer = OfferSchema.parse(await crews.moonbeam.nextOffer(requested.rideId));
    expect(offer).toEqual({
      offerId: expect.any(String),
      rideId: requested.rideId,
      unicornId: "moonbeam",
      pickup: requested.pickup,
      dropoff: requested.dropoff,
      fare: requested.fare,
      distanceMetres: requested.distanceMetres,
      pickupEtaSeconds: etaFrom(moonbeam, nearMoonbeam),
      offeredAt: expect.any(String),
      expiresAt: expect.any(String),
      status: "OPEN",
    });
    expect(Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt)).toBe(OfferRules.answerSeconds * 1000);
    expect(Date.parse(offer.offeredAt)).toBeGreaterThanOrEqual(Date.parse(requested.requestedAt));
    // Stored with the table's TTL a day after its answer time, so answered offers do not pile up under the unicorn.
    const stored = await Offers.get("Moonbeam", offer.offerId);
    expect(stored?.expiresAt).toBe(Math.ceil(Date.parse(offer.expiresAt) / 1000) + offerKeptSeconds);
    // Held by the offer: not available to anyone else meanwhile.
    expect(await member("moonbeam")).toMatchObject({ available: false });
    expect((await crews.moonbeam.currentJob()).status).toBe(404);

    const accepted = await crews.moonbeam.accept(offer.offerId);
    expect(accepted.status).toBe(200);
    const ride = RideSchema.parse(accepted.body);
    expect(ride).toMatchObject({ rideId: requested.rideId, requestedAt: requested.requestedAt, fare: requested.fare });
    expectTakenAt(ride, moonbeam, nearMoonbeam);
    expect(Date.parse(ride.acceptedAt ?? "")).toBeLessThan(Date.parse(offer.expiresAt));
    expect(ride.etaSeconds).toBe(offer.pickupEtaSeconds);

    // The rider, the unicorn's current job and its job list all show the same ride.
    expect(await getRide(rider, ride.rideId)).toMatchObject({ status: 200, body: ride });
    expect(await api("GET", "/rides/current", { token: rider.accessToken })).toMatchObject({ status: 200, body: ride });
    expect(await crews.moonbeam.currentJob()).toMatchObject({ status: 200, body: ride });
    const jobs = await crews.moonbeam.jobs();
    expect(jobs.status).toBe(200);
    expect(jobs.body.rides[0]).toEqual(ride);
    expect((await crews.moonbeam.currentOffer()).status).toBe(404);
    expect(await member("moonbeam")).toMatchObject({ available: false });

    // Answered once: a second answer of either kind finds it closed.
    expect(await crews.moonbeam.accept(offer.offerId)).toMatchObject({ status: 409, body: offerClosed });
    expect(await crews.moonbeam.decline(offer.offerId)).toMatchObject({ status: 409, body: offerClosed });

    // The rider may still cancel, free while the unicorn is on its way; the unicorn is free again.
    const cancelled = await cancel(rider, ride.rideId);
    expect(cancelled.body).toMatchObject({ status: "CANCELLED", cancelReason: "RIDER", charged: usd0 });
    expect((await crews.moonbeam.currentJob()).status).toBe(404);
    expect(await member("moonbeam")).toMatchObject({ available: true });
  });

  it("pushes the offer, its acceptance and the job to the unicorn's channel, and each ride change to the rider's", async () => {
    await onShift("moonbeam");
    const [rider] = (await riders(1)) as [Rider];
    const unicornChannel = await listen(crews.moonbeam.token, Channels.unicorn("moonbeam"));
    const riderChannel = await listen(rider.accessToken, Channels.rider(rider.sub));

    const requested = expectDispatching(await requestRide(rider, nearMoonbeam));
    const opened = await unicornChannel.next(
      (e) => e.type === "offer" && e.offer?.rideId === requested.rideId,
      "offer of the ride",
    );
    expect(OfferSchema.parse(opened.offer)).toMatchObject({ status: "OPEN", unicornId: "moonbeam" });
    const offerId = opened.offer?.offerId ?? "";
    expect(await crews.moonbeam.currentOffer()).toMatchObject({ status: 200, body: opened.offer });
    const dispatching = await riderChannel.next(rideEvent(requested.rideId, "DISPATCHING"), "DISPATCHING ride");
    expect(dispatching.ride).toEqual(requested);

    const accepted = await crews.moonbeam.accept(offerId);
    expect(accepted.status).toBe(200);
    const closed = await unicornChannel.next(offerEvent(offerId, "ACCEPTED"), "ACCEPTED offer");
    expect(OfferSchema.parse(closed.offer)).toEqual({ ...opened.offer, status: "ACCEPTED" });
    const job = await unicornChannel.next(rideEvent(requested.rideId, "EN_ROUTE"), "the accepted ride");
    expect(job.ride).toEqual(accepted.body);
    const enRoute = await riderChannel.next(rideEvent(requested.rideId, "EN_ROUTE"), "EN_ROUTE ride");
    expect(enRoute.ride).toEqual(accepted.body);

    // Per item, in the order it changed: the offer opened before it closed, the ride was DISPATCHING first.
    const offerStatuses = unicornChannel
      .events()
      .flatMap((e) => (e.offer?.offerId === offerId ? [e.offer.status] : []));
    expect(offerStatuses[0]).toBe("OPEN");
    expect(offerStatuses.at(-1)).toBe("ACCEPTED");
    expect(offerStatuses.indexOf("ACCEPTED")).toBe(offerStatuses.length - 1);
    const riderStatuses = riderChannel.events().flatMap((e) => (e.ride ? [e.ride.status] : []));
    expect(riderStatuses.slice(0, 2)).toEqual(["DISPATCHING", "EN_ROUTE"]);
  });

  it("decline: 200 with the DECLINED offer, and the ride passes to the next nearest free unicorn not yet offered", async () => {
    await onShift("moonbeam", "stardust");
    const [rider] = (await riders(1)) as [Rider];
    const [first, second, bot] = byDistance(between, await fleet());
    // As arranged: the two crews nearest, then a bot.
    expect([first?.crewed, second?.crewed, bot?.crewed]).toEqual([true, true, false]);
    if (!first || !second || !bot) return;
    const firstCrew = crews[first.unicornId as CrewId];
    const secondCrew = crews[second.unicornId as CrewId];
    const firstChannel = await listen(firstCrew.token, Channels.unicorn(first.unicornId));

    const requested = expectDispatching(await requestRide(rider, between));
    const offer = await firstCrew.nextOffer(requested.rideId);
    expect(offer.unicornId).toBe(first.unicornId);
    expect((await secondCrew.currentOffer()).status).toBe(404);

    const declined = await firstCrew.decline(offer.offerId);
    expect(declined.status).toBe(200);
    expect(OfferSchema.parse(declined.body)).toEqual({ ...offer, status: "DECLINED" });
    await firstChannel.next(offerEvent(offer.offerId, "DECLINED"), "DECLINED offer");
    expect((await firstCrew.currentOffer()).status).toBe(404);
    expect(await member(first.unicornId)).toMatchObject({ available: true });

    // The next nearest free unicorn not yet offered this ride: the other crew.
    const passed = await secondCrew.nextOffer(requested.rideId);
    expect(OfferSchema.parse(passed)).toMatchObject({
      rideId: requested.rideId,
      unicornId: second.unicornId,
      status: "OPEN",
      pickupEtaSeconds: etaFrom(second, between),
    });
    expect(passed.offerId).not.toBe(offer.offerId);
    expect(Date.parse(passed.offeredAt)).toBeGreaterThanOrEqual(Date.parse(declined.body.offeredAt));
    expect((await getRide(rider, requested.rideId)).body.status).toBe("DISPATCHING");
    // The first crew is free again but was offered this ride already: it is not offered it twice.
    expect((await firstCrew.currentOffer()).status).toBe(404);

    // Answering the declined offer after the fact: closed.
    const late = await firstCrew.accept(offer.offerId);
    expect(late).toMatchObject({ status: 409, body: offerClosed });
    expect(ErrorSchema.safeParse(late.body).success).toBe(true);
    expect(await firstCrew.decline(offer.offerId)).toMatchObject({ status: 409, body: offerClosed });

    // Declined again: both crews were offered it, so the nearest bot takes it at once.
    expect((await secondCrew.decline(passed.offerId)).status).toBe(200);
    const taken = await settledRide(rider, requested.rideId);
    expectTakenAt(RideSchema.parse(taken), bot, between);
  });

  it(
    "no answer: after 15 s the offer is EXPIRED and the next nearest free unicorn gets the ride",
    async () => {
      await onShift("moonbeam", "stardust");
      const [rider] = (await riders(1)) as [Rider];
      const [first, second] = byDistance(between, await fleet());
      expect([first?.crewed, second?.crewed]).toEqual([true, true]);
      if (!first || !second) return;
      const firstCrew = crews[first.unicornId as CrewId];
      const secondCrew = crews[second.unicornId as CrewId];
      const firstChannel = await listen(firstCrew.token, Channels.unicorn(first.unicornId));

      const requested = expectDispatching(await requestRide(rider, between));
      const offer = await firstCrew.nextOffer(requested.rideId);

      // Nobody answers: the second crew's offer comes once the first has run out, not before.
      const passed = await secondCrew.nextOffer(requested.rideId, (OfferRules.answerSeconds + 5) * 1000);
      expect(Date.parse(passed.offeredAt)).toBeGreaterThanOrEqual(Date.parse(offer.expiresAt));
      const expired = await firstChannel.next(offerEvent(offer.offerId, "EXPIRED"), "EXPIRED offer");
      expect(OfferSchema.parse(expired.offer)).toEqual({ ...offer, status: "EXPIRED" });
      expect((await firstCrew.currentOffer()).status).toBe(404);
      expect(await firstCrew.accept(offer.offerId)).toMatchObject({ status: 409, body: offerClosed });
      expect(await member(first.unicornId)).toMatchObject({ available: true });

      const accepted = await secondCrew.accept(passed.offerId);
      expect(accepted.status).toBe(200);
      expectTakenAt(RideSchema.parse(accepted.body), second, between);
    },
    (OfferRules.answerSeconds + 30) * 1000,
  );

  it("withdraw: the rider cancels while DISPATCHING, free; the offer is WITHDRAWN and the unicorn free again", async () => {
    await onShift("moonbeam");
    const [rider] = (await riders(1)) as [Rider];
    const channel = await listen(crews.moonbeam.token, Channels.unicorn("moonbeam"));
    const requested = expectDispatching(await requestRide(rider, nearMoonbeam));
    const offer = await crews.moonbeam.nextOffer(requested.rideId);

    const cancelled = await cancel(rider, requested.rideId);
    expect(cancelled.status).toBe(200);
    expect(RideSchema.parse(cancelled.body)).toMatchObject({
      rideId: requested.rideId,
      status: "CANCELLED",
      cancelReason: "RIDER",
      charged: usd0,
      unicorn: null,
      cancelledAt: expect.any(String),
    });
    expect((await getRide(rider, requested.rideId)).body).toEqual(cancelled.body);
    const withdrawn = await channel.next(offerEvent(offer.offerId, "WITHDRAWN"), "WITHDRAWN offer");
    expect(OfferSchema.parse(withdrawn.offer)).toEqual({ ...offer, status: "WITHDRAWN" });

    expect(await crews.moonbeam.accept(offer.offerId)).toMatchObject({ status: 409, body: offerClosed });
    expect(await crews.moonbeam.decline(offer.offerId)).toMatchObject({ status: 409, body: offerClosed });
    expect((await crews.moonbeam.currentOffer()).status).toBe(404);
    expect(await member("moonbeam")).toMatchObject({ available: true });
    expect((await api("GET", "/rides/current", { token: rider.accessToken })).status).toBe(404);
    // A second cancel: the ride has ended.
    expect((await cancel(rider, requested.rideId)).body.error.code).toBe("INVALID_RIDE_STATE");
  });

  it("counts a DISPATCHING ride as the rider's active ride, and keeps its offer from every other unicorn", async () => {
    await onShift("moonbeam", "stardust");
    const [rider] = (await riders(1)) as [Rider];
    const requested = expectDispatching(await requestRide(rider, nearMoonbeam));
    const offer = await crews.moonbeam.nextOffer(requested.rideId);

    for (const pickup of [nearMoonbeam, seattle]) {
      const again = await requestRide(rider, pickup);
      expect(again).toMatchObject({
        status: 409,
        body: { error: { code: "RIDE_IN_PROGRESS", details: { rideId: requested.rideId } } },
      });
      expect(ErrorSchema.safeParse(again.body).success).toBe(true);
    }
    expect(await api("GET", "/rides/current", { token: rider.accessToken })).toMatchObject({
      status: 200,
      body: { rideId: requested.rideId, status: "DISPATCHING" },
    });

    // Another unicorn's offer is not found, whichever the answer; so is an id that is no offer at all.
    expect(await crews.stardust.accept(offer.offerId)).toMatchObject({ status: 404, body: notFound });
    expect(await crews.stardust.decline(offer.offerId)).toMatchObject({ status: 404, body: notFound });
    for (const id of ["not-an-offer", "01ARZ3NDEKTSV4RRFFQ69G5FAV", offer.offerId.toLowerCase(), `${offer.offerId}X`]) {
      expect(await crews.moonbeam.accept(id)).toMatchObject({ status: 404, body: notFound });
      expect(await crews.moonbeam.decline(id)).toMatchObject({ status: 404, body: notFound });
    }
    // None of that touched the offer.
    expect(await crews.moonbeam.currentOffer()).toMatchObject({ status: 200, body: offer });
    expect((await getRide(rider, requested.rideId)).body.status).toBe("DISPATCHING");
  });

  it("holds an offered unicorn: available:false, and two riders at once near it get one offer and one bot", async () => {
    await onShift("moonbeam");
    const [a, b, c] = (await riders(3)) as [Rider, Rider, Rider];
    const before = await fleet();
    const [moonbeam, nearestBot] = byDistance(nearMoonbeam, before);
    expect([moonbeam?.unicornId, nearestBot?.crewed]).toEqual(["moonbeam", false]);

    const answers = await Promise.all([a, b].map((r) => requestRide(r, nearMoonbeam)));
    expect(answers.map((x) => x.status)).toEqual([201, 201]);
    const waiting = answers.filter((x) => x.body.status === "DISPATCHING");
    const booked = answers.filter((x) => x.body.status === "EN_ROUTE");
    expect([waiting.length, booked.length]).toEqual([1, 1]);
    expect(booked[0]?.body.unicorn?.unicornId).toBe(nearestBot?.unicornId);
    const offer = await crews.moonbeam.nextOffer(waiting[0]?.body.rideId);
    expect(await member("moonbeam")).toMatchObject({ available: false });

    // A third rider meanwhile: not offered to the held unicorn either.
    const third = await requestRide(c, nearMoonbeam);
    expect(third.status).toBe(201);
    expect(third.body.status).toBe("EN_ROUTE");
    expect(third.body.unicorn?.unicornId).not.toBe("moonbeam");
    expect(await crews.moonbeam.currentOffer()).toMatchObject({ status: 200, body: offer });
  });
});

describe("with every bot busy", () => {
  /** Riders holding the twelve bots for this group. */
  let botRiders: Rider[] = [];

  beforeAll(async () => {
    // Crews off shift: only bots are booked, the nearest free one each time, until none is left.
    await onShift();
    const bots = seattleFleet.filter((u) => !u.crewed);
    botRiders = await newRiders(stack.endpoints, bots.length + 1);
    const taken: string[] = [];
    for (const rider of botRiders.slice(0, bots.length)) {
      const answer = await requestRide(rider, seattle);
      expect([answer.status, answer.body.status]).toEqual([201, "EN_ROUTE"]);
      taken.push(answer.body.unicorn?.unicornId ?? "");
    }
    expect(taken.sort()).toEqual(bots.map((u) => u.unicornId).sort());
    const refused = await requestRide(botRiders[bots.length] as Rider, seattle);
    expect([refused.status, refused.body.error?.code]).toEqual([409, "NO_UNICORN_AVAILABLE"]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(botRiders.map((r) => riderApi(stack.endpoints, r.accessToken).cancelActiveRides()));
  });

  it("three offers, all declined: CANCELLED with NO_UNICORN_ACCEPTED, charged 0, and the rider may request again", async () => {
    await onShift(...crewIds);
    const [rider] = (await riders(1)) as [Rider];
    const riderChannel = await listen(rider.accessToken, Channels.rider(rider.sub));
    const order = byDistance(between, await fleet());
    expect(order.map((u) => u.unicornId).sort()).toEqual([...crewIds].sort());

    const requested = expectDispatching(await requestRide(rider, between));
    const offered: string[] = [];
    for (const next of order) {
      const offer = await crews[next.unicornId as CrewId].nextOffer(requested.rideId);
      offered.push(offer.unicornId);
      expect((await crews[next.unicornId as CrewId].decline(offer.offerId)).status).toBe(200);
    }
    // Nearest first, each crew once.
    expect(offered).toEqual(order.map((u) => u.unicornId));

    const ended = await settledRide(rider, requested.rideId);
    expect(RideSchema.parse(ended)).toMatchObject({
      status: "CANCELLED",
      cancelReason: "NO_UNICORN_ACCEPTED",
      charged: usd0,
      unicorn: null,
      cancelledAt: expect.any(String),
    });
    expect(Date.parse(ended.cancelledAt ?? "")).toBeLessThan(Date.parse(requested.requestedAt) + 60_000);
    const told = await riderChannel.next(rideEvent(requested.rideId, "CANCELLED"), "the ride given up");
    expect(told.ride).toEqual(ended);
    expect((await api("GET", "/rides/current", { token: rider.accessToken })).status).toBe(404);
    for (const id of crewIds) expect(await member(id)).toMatchObject({ available: true });

    // Not stuck: the rider may request again at once (and is offered to the nearest crew again).
    const again = expectDispatching(await requestRide(rider, between));
    const nearest = crews[(order[0]?.unicornId ?? "") as CrewId];
    expect((await nearest.nextOffer(again.rideId)).rideId).toBe(again.rideId);
  }, 45_000);

  it("two riders at once near the one free unicorn: exactly one gets its offer, the other is refused", async () => {
    await onShift("moonbeam");
    const [a, b, c] = (await riders(3)) as [Rider, Rider, Rider];
    const answers = await Promise.all([a, b].map((r) => requestRide(r, nearMoonbeam)));
    expect(answers.map((x) => x.status).sort()).toEqual([201, 409]);
    const waiting = answers.find((x) => x.status === 201);
    const refused = answers.find((x) => x.status === 409);
    expect(waiting?.body.status).toBe("DISPATCHING");
    expect(refused?.body.error.code).toBe("NO_UNICORN_AVAILABLE");
    const offer = await crews.moonbeam.nextOffer(waiting?.body.rideId);
    expect(await member("moonbeam")).toMatchObject({ available: false });
    const third = await requestRide(c, nearMoonbeam);
    expect([third.status, third.body.error?.code]).toEqual([409, "NO_UNICORN_AVAILABLE"]);
    expect(await crews.moonbeam.currentOffer()).toMatchObject({ status: 200, body: offer });
  });

  it("accept racing decline racing the rider's cancel, 10 rounds: exactly one closes the offer, the ride agrees", async () => {
    await onShift("moonbeam");
    const [rider] = (await riders(1)) as [Rider];
    const rounds: Record<string, unknown>[] = [];
    const problems: string[] = [];
    for (let round = 1; round <= 10; round++) {
      const requested = expectDispatching(await requestRide(rider, nearMoonbeam));
      const offer = await crews.moonbeam.nextOffer(requested.rideId);
      // All three at once, each round another one sent first.
      const calls = [
        () => crews.moonbeam.accept(offer.offerId),
        () => crews.moonbeam.decline(offer.offerId),
        () => cancel(rider, requested.rideId),
      ];
      const started: Promise<Answer>[] = [];
      for (let i = 0; i < 3; i++) {
        const which = (round + i) % 3;
        started[which] = (calls[which] as () => Promise<Answer>)();
      }
      const [accept, decline, cancelled] = (await Promise.all(started)) as [Answer, Answer, Answer];
      await stack.offerChains.settled();
      const stored = await Offers.get("Moonbeam", offer.offerId);
      const ride = (await getRide(rider, requested.rideId)).body;
      const seen = {
        round,
        offer: stored?.status,
        accept: accept.status,
        decline: decline.status,
        cancel: cancelled.status,
        ride: `${ride.status}${ride.cancelReason ? `/${ride.cancelReason}` : ""}`,
        unicorn: ride.unicorn?.unicornId ?? null,
        ...(cancelled.status !== 200 ? { cancelRefusal: cancelled.body.error?.message } : {}),
      };
      rounds.push(seen);
      const say = (problem: string) => problems.push(`round ${round}: ${problem} (${JSON.stringify(seen)})`);

      // Exactly one of accept, decline and the rider's withdrawal closed the offer; the answers agree with it.
      const winners: Record<string, [number, number]> = {
        ACCEPTED: [200, 409],
        DECLINED: [409, 200],
        WITHDRAWN: [409, 409],
      };
      const winner = winners[stored?.status ?? ""];
      if (!winner) say(`the offer ended ${stored?.status}`);
      else if (accept.status !== winner[0] || decline.status !== winner[1]) say("the answers disagree with the offer");
      for (const loser of [accept, decline].filter((a) => a.status !== 200)) {
        if (loser.status !== 409 || loser.body.error?.code !== "OFFER_CLOSED") say(`a loser got ${loser.status}`);
      }
      if (![200, 409].includes(cancelled.status)) say(`the cancel answered ${cancelled.status}`);
      // The ride, as the winner left it.
      if (stored?.status === "ACCEPTED") {
        if (ride.unicorn?.unicornId !== "moonbeam" || !ride.acceptedAt) say("accepted, but the ride has no Moonbeam");
        const expected = cancelled.status === 200 ? "CANCELLED/RIDER" : "EN_ROUTE";
        if (seen.ride !== expected) say(`accepted, cancel ${cancelled.status}, yet the ride is ${seen.ride}`);
      } else {
        if (ride.unicorn !== null) say("not accepted, yet the ride has a unicorn");
        if (stored?.status === "WITHDRAWN" && (cancelled.status !== 200 || seen.ride !== "CANCELLED/RIDER"))
          say("withdrawn, but the ride was not cancelled by its rider");
        // Declined with no one else free: the chain gives the ride up, unless the rider's cancel came first.
        const expected = cancelled.status === 200 ? "CANCELLED/RIDER" : "CANCELLED/NO_UNICORN_ACCEPTED";
        if (stored?.status === "DECLINED" && seen.ride !== expected)
          say(`declined, cancel ${cancelled.status}, yet the ride is ${seen.ride}`);
      }
      // (A cancel refused while the ride stayed cancellable is the next test's subject.)

      // Leave Moonbeam free for the next round.
      if (["EN_ROUTE", "ARRIVED"].includes(ride.status)) expect((await cancel(rider, ride.rideId)).status).toBe(200);
      await eventually(async () => (await member("moonbeam"))?.available, { what: "Moonbeam free again" });
    }
    console.log("offer races (accept vs decline vs the rider's cancel):");
    console.table(rounds);
    const report = checkInvariants(await scanTable(stack.endpoints.tableName));
    expect(report.violations).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);

  it("the rider's cancel racing the crew's accept is never refused: the ride can be cancelled either way", async () => {
    // Cancel first: the offer is withdrawn (the accept is too late). Accept first: the ride is EN_ROUTE, which a
    // rider may cancel, free. A 409 leaves the rider with a ride they asked to cancel.
    await onShift("moonbeam");
    const [rider] = (await riders(1)) as [Rider];
    const refused: string[] = [];
    for (let round = 1; round <= 5; round++) {
      const requested = expectDispatching(await requestRide(rider, nearMoonbeam));
      const offer = await crews.moonbeam.nextOffer(requested.rideId);
      const [accept, cancelled] = await Promise.all([
        crews.moonbeam.accept(offer.offerId),
        cancel(rider, requested.rideId),
      ]);
      await stack.offerChains.settled();
      const ride = (await getRide(rider, requested.rideId)).body;
      if (cancelled.status !== 200) {
        refused.push(
          `round ${round}: accept ${accept.status}, cancel ${cancelled.status} ${JSON.stringify(cancelled.body)}, the ride ${ride.status}`,
        );
        if (["EN_ROUTE", "ARRIVED"].includes(ride.status)) await cancel(rider, ride.rideId);
      } else {
        expect(ride).toMatchObject({ status: "CANCELLED", cancelReason: "RIDER", charged: usd0 });
        expect(ride.unicorn?.unicornId ?? null).toBe(accept.status === 200 ? "moonbeam" : null);
      }
      await eventually(async () => (await member("moonbeam"))?.available, { what: "Moonbeam free again" });
    }
    expect(refused).toEqual([]);
  }, 60_000);
});

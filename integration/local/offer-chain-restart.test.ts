/**
 * A stack killed mid-chain (docs/api.md, "Dispatch with offers"; local/src/orchestrator/durable-functions.ts: the
 * local runner keeps executions in memory, so a killed stack loses its chains). The first stack runs in a process of
 * its own on a persisted folder and is SIGKILLed, its whole process group and every process it started, while two
 * rides wait on open offers; a second stack then starts in this process on the same data and ports and resumes a
 * chain for each ride still DISPATCHING. The table is the truth: an accept of an offer still within its 15 s works,
 * and the other offer expires on time and passes its ride to the next nearest unicorn. Then the sweep's backstop on
 * its own: a ride left DISPATCHING with no chain at all is given up at its 60 s limit (CANCELLED,
 * NO_UNICORN_ACCEPTED, charged 0), its offer expired and its unicorn freed. Nothing is left DISPATCHING and the
 * table's invariants hold.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FleetSchema, type Offer, OfferSchema, type Ride, RideSchema } from "@wildrydes/core/rules/api-shapes";
import { Geo, type Location } from "@wildrydes/core/rules/geo";
import { OfferRules } from "@wildrydes/core/rules/ride-clock";
import { Keys } from "@wildrydes/core/store/keys";
import { claimPorts, type Stack, startStack } from "@wildrydes/local/stack";
import { crewApi, eventually } from "@wildrydes/testing/crew-api";
import { newRider, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, nearby } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { portsFree, type StackProcess, startStackProcess } from "@wildrydes/testing/stack-process";
import { afterAll, describe, expect, it } from "vitest";
import { checkInvariants, scanTable } from "../api/security/invariants";

/** Moonbeam is nearest by far (300 m; the next, a bot, 880 m). */
const nearMoonbeam: Location = { latitude: 47.6204, longitude: -122.3314 };
/** Stardust is nearest (300 m; the next, a bot, 580 m; Moonbeam further). */
const nearStardust: Location = { latitude: 47.6114, longitude: -122.3332 };
const usd0 = { amount: 0, currency: "USD" };

const persistDir = mkdtempSync(path.join(os.tmpdir(), "wr-offer-chain-restart-"));
let first: StackProcess | undefined;
let stack: Stack | undefined;

afterAll(async () => {
  await first?.kill().catch(() => {});
  await stack?.stop();
  rmSync(persistDir, { recursive: true, force: true });
});

describe("a stack killed while rides wait on open offers, started again on the same data", () => {
  it("resumes its chains (an accept within 15 s holds, an expired offer passes on); the sweep ends a chainless ride", async () => {
    const ports = await claimPorts({}, false);
    first = await startStackProcess({ persistDir, ports, throttle: false });
    const side = first.endpoints;
    const api = apiClient(side);
    const accounts = side.demoAccounts?.unicorns ?? [];
    const account = (id: string) => accounts.find((a) => a.unicornId === id) ?? accounts[0];
    const [moonbeamTokens, stardustTokens, a, b] = await Promise.all([
      signInDemo(side, account("moonbeam") as (typeof accounts)[number]),
      signInDemo(side, account("stardust") as (typeof accounts)[number]),
      newRider(side),
      newRider(side),
    ]);
    // The stack's tokens outlive it: the pool (and its signing key) is persisted with the rest.
    const moonbeam = crewApi(side, moonbeamTokens.accessToken);
    const stardust = crewApi(side, stardustTokens.accessToken);
    expect((await moonbeam.shift(true)).status).toBe(200);
    expect((await stardust.shift(true)).status).toBe(200);

    const request = async (rider: Rider, pickup: Location) => {
      const answer = await api<Ride>("POST", "/rides", {
        token: rider.accessToken,
        body: { pickup, dropoff: nearby(pickup) },
      });
      expect([answer.status, answer.body.status]).toEqual([201, "DISPATCHING"]);
      return RideSchema.parse(answer.body);
    };
    const rideA = await request(a, nearMoonbeam);
    const offerA = await moonbeam.nextOffer(rideA.rideId);
    const rideB = await request(b, nearStardust);
    const offerB = await stardust.nextOffer(rideB.rideId);
    expect([offerA.unicornId, offerB.unicornId]).toEqual(["moonbeam", "stardust"]);

    // Killed mid-chain: both chains wait on their offers.
    const { survivors } = await first.kill();
    const killedAt = Date.now();
    first = undefined;
    await portsFree(Object.values(ports));

    stack = await startStack({ web: false, persistDir, ports, throttle: false });
    const restartedIn = (Date.now() - killedAt) / 1000;
    // The chains were in the killed process's memory: the restarted stack resumed one per ride still waiting.
    expect(stack.offerChains.running()).toBe(2);
    const call = apiClient(stack.endpoints);
    const ride = async (rider: Rider, rideId: string) =>
      RideSchema.parse((await call<Ride>("GET", `/rides/${rideId}`, { token: rider.accessToken })).body);
    const fleet = async () =>
      FleetSchema.parse((await call("GET", "/unicorns", { token: a.accessToken })).body).unicorns;

    // A: accepted after the restart, while its offer is open by its own clock, with no chain listening.
    const stillOpen = Date.now() < Date.parse(offerA.expiresAt) - 1000;
    let acceptedA: Ride | null = null;
    if (stillOpen) {
      expect(await moonbeam.currentOffer()).toMatchObject({ status: 200, body: OfferSchema.parse(offerA) });
      const accepted = await moonbeam.accept(offerA.offerId);
      expect(accepted.status).toBe(200);
      acceptedA = RideSchema.parse(accepted.body);
      expect(acceptedA).toMatchObject({ rideId: rideA.rideId, status: "EN_ROUTE", unicorn: { unicornId: "moonbeam" } });
      const takenAt = Date.parse(acceptedA.acceptedAt ?? "");
      expect(takenAt).toBeGreaterThan(killedAt);
      expect(Date.parse(acceptedA.arrivesAt ?? "")).toBe(takenAt + offerA.pickupEtaSeconds * 1000);
      expect(await moonbeam.currentJob()).toMatchObject({ status: 200, body: { rideId: rideA.rideId } });
    } else {
      // The restart took longer than the offer's 15 s: past expiresAt it is closed, chain or not.
      expect(await moonbeam.accept(offerA.offerId)).toMatchObject({
        status: 409,
        body: { error: { code: "OFFER_CLOSED" } },
      });
    }
    console.log(
      `offer chain restart: restarted in ${restartedIn.toFixed(1)} s; the accept of the old offer was ` +
        `${stillOpen ? "within" : "past"} its 15 s; outlived the SIGKILL of the stack's process group: ${survivors.join(", ") || "nothing"}`,
    );

    // B: no one answers; the resumed chain expires the offer on time and passes the ride to the next nearest (a bot).
    const takenB = await eventually(
      async () => {
        const now = await ride(b, rideB.rideId);
        return now.status !== "DISPATCHING" && now;
      },
      { what: "ride B passed on after its offer expired", timeoutMs: 30_000 },
    );
    expect(takenB).toMatchObject({ status: "EN_ROUTE" });
    expect(takenB.unicorn?.unicornId).not.toBe("stardust");
    expect(Date.parse(takenB.acceptedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(offerB.expiresAt));
    expect(await stardust.accept(offerB.offerId)).toMatchObject({
      status: 409,
      body: { error: { code: "OFFER_CLOSED" } },
    });
    const offerItem = (await scanTable(stack.endpoints.tableName)).find(
      (i) => i.sk === Keys.offer("Stardust", offerB.offerId).sk,
    ) as Offer | undefined;
    expect(offerItem?.status).toBe("EXPIRED");
    expect((await fleet()).find((u) => u.unicornId === "stardust")).toMatchObject({ available: true });
    expect((await call("POST", `/rides/${rideB.rideId}/cancel`, { token: b.accessToken })).status).toBe(200);

    if (acceptedA) {
      // The accepted ride runs on with Moonbeam (arrived by now: its ETA was seconds), untouched by the sweep;
      // its rider may cancel it, freeing Moonbeam.
      const runningA = await ride(a, rideA.rideId);
      expect(runningA).toMatchObject({ rideId: rideA.rideId, unicorn: { unicornId: "moonbeam" } });
      expect(runningA.status).toBe(Date.now() >= Date.parse(acceptedA.arrivesAt ?? "") ? "ARRIVED" : "EN_ROUTE");
      const cancelled = await call("POST", `/rides/${rideA.rideId}/cancel`, { token: a.accessToken });
      expect(cancelled).toMatchObject({ status: 200, body: { status: "CANCELLED", cancelReason: "RIDER" } });
    } else {
      // Too late for the old offer: the resumed chain expired it and passed the ride on.
      const passedA = await eventually(
        async () => {
          const now = await ride(a, rideA.rideId);
          return now.status !== "DISPATCHING" && now;
        },
        { what: "ride A passed on after its offer expired", timeoutMs: 30_000 },
      );
      expect(passedA.unicorn?.unicornId).not.toBe("moonbeam");
      await call("POST", `/rides/${rideA.rideId}/cancel`, { token: a.accessToken });
    }
    expect((await fleet()).find((u) => u.unicornId === "moonbeam")).toMatchObject({ available: true });

    // Rider B may ride again, and the restarted stack runs a new chain for it.
    const again = await call<Ride>("POST", "/rides", {
      token: b.accessToken,
      body: { pickup: nearStardust, dropoff: nearby(nearStardust) },
    });
    expect([again.status, again.body.status]).toEqual([201, "DISPATCHING"]);
    const next = await stardust.nextOffer(again.body.rideId);
    expect(Geo.distanceMetres(nearStardust, next.pickup)).toBe(0);
    expect((await stardust.decline(next.offerId)).status).toBe(200);
    const taken = await eventually(
      async () => {
        const now = await ride(b, again.body.rideId);
        return now.status !== "DISPATCHING" && now;
      },
      { what: "the declined ride taken by a bot" },
    );
    expect(taken.status).toBe("EN_ROUTE");
    expect(taken.unicorn?.unicornId).not.toBe("stardust");
    await call("POST", `/rides/${taken.rideId}/cancel`, { token: b.accessToken });
    await stack.offerChains.settled();
    expect(checkInvariants(await scanTable(stack.endpoints.tableName)).violations).toEqual([]);

    // The backstop alone: a ride booked by core directly has its first offer but no chain (as if the start had
    // failed); the sweep, run as if a minute had passed, gives it up at its limit and frees Stardust.
    const { RideRequests } = await import("@wildrydes/core/store/ride-requests");
    const { Sweep } = await import("@wildrydes/core/store/sweep");
    const orphan = await RideRequests.requestRide(b.sub, { pickup: nearStardust, dropoff: nearby(nearStardust) });
    expect(orphan.ride.status).toBe("DISPATCHING");
    const limit = Date.parse(OfferRules.dispatchBy(orphan.ride.requestedAt));
    const later = new Date(limit + 1000);
    await Sweep.run(later);
    const items = await scanTable(stack.endpoints.tableName);
    expect(checkInvariants(items, later.getTime(), { sweptAt: later.getTime() }).violations).toEqual([]);
    expect(await ride(b, orphan.ride.rideId)).toMatchObject({
      status: "CANCELLED",
      cancelReason: "NO_UNICORN_ACCEPTED",
      charged: usd0,
      unicorn: null,
      cancelledAt: new Date(limit).toISOString(),
    });
    const orphanOffer = items.find((i) => i.kind === "offer" && i.rideId === orphan.ride.rideId) as Offer | undefined;
    expect(orphanOffer?.status).toBe("EXPIRED");
    expect((await fleet()).find((u) => u.unicornId === "stardust")).toMatchObject({ available: true });
  }, 180_000);
});

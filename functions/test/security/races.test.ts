/**
 * Races: 500 requests from 100 concurrent clients against a fleet of 20 — requests, cancels, completes, and
 * cancel-vs-complete on the same ride — then the whole table must still be consistent and every acknowledged ride
 * stored. Meanwhile 20 simultaneous replays of one Idempotency-Key must make exactly one ride.
 */
import { Fleet, seattleFleet, type UnicornProfile } from "@wildrydes/core/fleet";
import { Keys } from "@wildrydes/core/keys";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { apiClient, type Call } from "@wildrydes/testing/api";
import { newRiders, type Rider } from "@wildrydes/testing/riders";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants, missingRides, scanTable } from "./invariants";

// Fast unicorns: a ride arrives within a second (at once when picked up where the unicorn stands), so completes win.
const fast = (u: UnicornProfile): UnicornProfile => ({ ...u, speedMps: 1_000_000 });
const extra: UnicornProfile[] = Array.from({ length: 7 }, (_, i) => ({
  ...(seattleFleet[i] as UnicornProfile),
  name: `Racer${i}`,
  location: { latitude: 47.6 + i * 0.004, longitude: -122.34 + i * 0.003 },
}));
/** Far from Seattle, so only the idempotency rider's requests can reach it. */
const portland: UnicornProfile = {
  ...(extra[0] as UnicornProfile),
  name: "Portlandia",
  location: { latitude: 45.52, longitude: -122.68 },
};
const fleet = [...seattleFleet, ...extra, portland].map(fast);

// A stack of its own: a fleet of exactly 20, an unthrottled gateway and a full-table scan at the end.
let stack: Stack;
let api: Call;
let riders: Rider[];

beforeAll(async () => {
  // Unthrottled: this measures data races behind the edge, not API Gateway's throttle (see edge.test.ts).
  stack = await startStack({ web: false, seed: false, throttle: false });
  await Fleet.seed(fleet);
  api = apiClient(stack.endpoints);
  riders = await newRiders(stack.endpoints, 21, "racer");
}, 90_000);

afterAll(async () => stack?.stop());

/** A small seeded generator, so a failing mix can be replayed exactly. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("500 concurrent requests against a fleet of 20", () => {
  it("keeps every unicorn and ride consistent and loses no acknowledged ride", async () => {
    const total = 500;
    const rand = random(20_260_101);
    let sent = 0;
    const statuses: Record<string, number> = {};
    const unexpected: string[] = [];
    const acknowledged: { riderId: string; rideId: string }[] = [];
    const doubleWins: string[] = [];
    const call = async (method: string, path: string, rider: (typeof riders)[number], body?: unknown) => {
      sent++;
      const answer = await api(method, path, { token: rider.accessToken, body });
      const key = `${method} ${path.replace(/[0-9A-Z]{26}/, "{id}")} ${answer.status}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (![200, 201, 409].includes(answer.status)) unexpected.push(`${key} ${JSON.stringify(answer.body)}`);
      return answer;
    };

    const client = async (index: number) => {
      const rider = riders[index % 20] as (typeof riders)[number];
      let current: string | undefined;
      while (sent < total) {
        if (!current) {
          const at = (fleet[Math.floor(rand() * 19)] as UnicornProfile).location;
          const legacy = rand() < 0.15;
          const answer = legacy
            ? await call("POST", "/ride", rider, { PickupLocation: { Latitude: at.latitude, Longitude: at.longitude } })
            : await call("POST", "/rides", rider, { pickup: at });
          if (answer.status === 201) {
            current = legacy ? answer.body.RideId : answer.body.rideId;
            acknowledged.push({ riderId: rider.sub, rideId: current as string });
          }
          continue;
        }
        const choice = rand();
        const path = `/rides/${current}`;
        if (choice < 0.2) {
          const [cancel, complete] = await Promise.all([
            call("POST", `${path}/cancel`, rider),
            call("POST", `${path}/complete`, rider, { rating: 5 }),
          ]);
          if (cancel.status === 200 && complete.status === 200) doubleWins.push(current);
          if (cancel.status === 200 || complete.status === 200) current = undefined;
        } else {
          const answer = await call("POST", `${path}/${choice < 0.6 ? "cancel" : "complete"}`, rider, {});
          if (answer.status === 200) current = undefined;
        }
      }
    };

    const replayer = riders[20] as (typeof riders)[number];
    const replays = Array.from({ length: 20 }, () =>
      api("POST", "/rides", {
        token: replayer.accessToken,
        body: { pickup: portland.location },
        headers: { "idempotency-key": "storm-tap-1" },
      }),
    );
    const started = performance.now();
    const [replayed] = await Promise.all([Promise.all(replays), ...Array.from({ length: 100 }, (_, i) => client(i))]);
    const seconds = (performance.now() - started) / 1000;

    const items = await scanTable(stack.endpoints.tableName);
    const report = checkInvariants(items);
    console.log(
      `races: ${sent + replayed.length} requests in ${seconds.toFixed(1)} s, ${acknowledged.length} rides acknowledged; ` +
        `${report.checks} invariant checks over ${report.unicorns} unicorns and ${report.rides} rides`,
      statuses,
    );
    expect(unexpected).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(total);
    expect(acknowledged.length).toBeGreaterThan(20); // unicorns were freed and booked again during the storm
    expect(report.unicorns).toBe(fleet.length);
    expect(report.violations).toEqual([]);
    expect(missingRides(items, acknowledged)).toEqual([]);
    expect(doubleWins).toEqual([]); // a ride is never both cancelled and completed

    expect(replayed.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replayed.map((r) => r.body.rideId)).size).toBe(1);
    const replayerRides = items.filter((i) => Keys.isRide(i) && i.pk === Keys.riderPartition(replayer.sub));
    expect(replayerRides.map((r) => r.rideId)).toEqual([replayed[0]?.body.rideId]);
  }, 150_000);
});

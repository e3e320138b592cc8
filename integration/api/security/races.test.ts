/**
 * Races: 500 requests from 100 concurrent clients (five per rider) against a fleet of 20 — quotes, requests, boarding,
 * cancels, ratings, cancel-vs-board and two ratings at once on the same ride, while two sweeps overlap — then the
 * whole table must still be consistent, every acknowledged ride stored, and once every deadline has passed and the
 * sweep has run, every unicorn free again. Meanwhile 20 simultaneous replays of one Idempotency-Key make one ride.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Fleet, seattleFleet, type UnicornProfile } from "@wildrydes/core/store/fleet";
import { Keys } from "@wildrydes/core/store/keys";
import type { Ride } from "@wildrydes/core/store/ride-item";
import { Sweep } from "@wildrydes/core/store/sweep";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { newRiders, type Rider } from "@wildrydes/testing/rider-accounts";
import { type Answer, apiClient, type Call, nearby } from "@wildrydes/testing/rider-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants, deadlineOf, missingRides, scanTable } from "./invariants";

// Fast unicorns: a ride arrives within a second (at once when picked up where the unicorn stands), and a 20 m trip
// lasts a second, so boarding, completing and rating all happen during the storm.
const fast = (u: UnicornProfile): UnicornProfile => ({ ...u, speedMps: 1_000_000 });
const extra: UnicornProfile[] = Array.from({ length: 7 }, (_, i) => ({
  ...(seattleFleet[i] as UnicornProfile),
  name: `Racer${i}`,
  location: { latitude: 47.6 + i * 0.004, longitude: -122.34 + i * 0.003 },
}));
/** South of the city, inside the service area but outside every block dispatch searches for the clients' pickups. */
const southwind: UnicornProfile = {
  ...(extra[0] as UnicornProfile),
  name: "Southwind",
  location: { latitude: 47.42, longitude: -122.33 },
};
// Bots only: a crewed unicorn is never dispatched off shift, so it would take no part (and end "not available").
const bots = seattleFleet.filter((u) => !u.crewed);
const fleet = [...bots, ...extra, southwind].map(fast);
// A boarding window a few slow answers long: rides nobody boards become no-shows, and the sweep ends them, mid-storm.
const boardingWindowSeconds = 8;

// A stack of its own: a fleet of exactly 20, an unthrottled gateway and a full-table scan at the end.
let stack: Stack;
let api: Call;
let riders: Rider[];

beforeAll(async () => {
  // Unthrottled: this measures data races behind the edge, not API Gateway's throttle (see edge.test.ts).
  stack = await startStack({ web: false, seed: false, throttle: false, boardingWindowSeconds });
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
  it("keeps every unicorn, ride, rider and quote consistent and loses no acknowledged ride", async () => {
    const total = 500;
    const rand = random(20_260_101);
    let sent = 0;
    const statuses: Record<string, number> = {};
    const unexpected: string[] = [];
    const acknowledged: { riderId: string; rideId: string }[] = [];
    const doubleWins: string[] = [];
    const doubleRatings: string[] = [];
    const call = async (method: string, path: string, rider: Rider, body?: unknown) => {
      sent++;
      const answer = await api(method, path, { token: rider.accessToken, body });
      const key = `${method} ${path.replace(/[0-9A-Z]{26}/, "{id}")} ${answer.status}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (![200, 201, 409].includes(answer.status)) unexpected.push(`${key} ${JSON.stringify(answer.body)}`);
      return answer;
    };

    /** A new ride (the workshop's, quoted, or priced now); else the rider's active ride another client holds. */
    const requestOne = async (rider: Rider): Promise<string | undefined> => {
      const at = (fleet[Math.floor(rand() * 19)] as UnicornProfile).location;
      const trip = { pickup: at, dropoff: nearby(at, 20) };
      const kind = rand();
      let answer: Answer;
      if (kind < 0.15) {
        answer = await call("POST", "/ride", rider, {
          PickupLocation: { Latitude: at.latitude, Longitude: at.longitude },
        });
      } else if (kind < 0.35) {
        const quote = await call("POST", "/quotes", rider, trip);
        if (quote.status !== 201) return undefined;
        answer = await call("POST", "/rides", rider, { quoteId: quote.body.quoteId });
      } else {
        answer = await call("POST", "/rides", rider, trip);
      }
      if (answer.status === 201) {
        const rideId: string = answer.body.rideId ?? answer.body.RideId;
        acknowledged.push({ riderId: rider.sub, rideId });
        return rideId;
      }
      return answer.body?.error?.code === "RIDE_IN_PROGRESS" ? answer.body.error.details?.rideId : undefined;
    };
    const untilDropoff = (ride: Ride) => sleep(Math.max(0, Date.parse(ride.dropoffAt ?? "") - Date.now() + 20));

    const client = async (index: number) => {
      const rider = riders[index % 20] as Rider;
      let current: string | undefined;
      while (sent < total) {
        if (!current) {
          current = await requestOne(rider);
          continue;
        }
        const path = `/rides/${current}`;
        const choice = rand();
        if (choice < 0.2) {
          const [cancel, board] = await Promise.all([
            call("POST", `${path}/cancel`, rider),
            call("POST", `${path}/board`, rider),
          ]);
          if (cancel.status === 200 && board.status === 200) doubleWins.push(current);
          if (board.status === 200) await untilDropoff(board.body);
        } else if (choice < 0.45) {
          await call("POST", `${path}/cancel`, rider);
        } else if (choice < 0.75) {
          const board = await call("POST", `${path}/board`, rider);
          if (board.status === 200) await untilDropoff(board.body);
        } else {
          const ratings = await Promise.all([5, 4].map((rating) => call("POST", `${path}/rating`, rider, { rating })));
          if (ratings.filter((r) => r.status === 200).length > 1) doubleRatings.push(current);
        }
        // Let go of the ride once it has ended, whoever ended it: this client, another, or the clock.
        const seen = (await call("GET", path, rider)).body as Ride;
        const over = seen.status === "CANCELLED" || seen.status === "NO_SHOW";
        if (over || (seen.status === "COMPLETED" && (seen.rating !== undefined || seen.fare.amount === 0))) {
          current = undefined;
        }
      }
    };

    // Two sweeps, the scheduled handler and core's own, overlap throughout the storm.
    let storming = true;
    let swept = 0;
    const sweeper = async (run: () => Promise<unknown>) => {
      while (storming) {
        const result = (await run().catch((error: Error) => unexpected.push(`sweep: ${error.message}`))) as {
          finished?: number;
        };
        swept += result?.finished ?? 0;
        await sleep(50);
      }
    };
    const sweepers = [sweeper(() => stack.runSchedule("Sweep")), sweeper(() => Sweep.run())];

    const replayer = riders[20] as Rider;
    const replays = Array.from({ length: 20 }, () =>
      api("POST", "/rides", {
        token: replayer.accessToken,
        body: { pickup: southwind.location, dropoff: nearby(southwind.location) },
        headers: { "idempotency-key": "storm-tap-1" },
      }),
    );
    const started = performance.now();
    const [replayed] = await Promise.all([Promise.all(replays), ...Array.from({ length: 100 }, (_, i) => client(i))]);
    const seconds = (performance.now() - started) / 1000;
    storming = false;
    await Promise.all(sweepers);

    const items = await scanTable(stack.endpoints.tableName);
    const report = checkInvariants(items, Date.now());
    console.log(
      `races: ${sent + replayed.length} requests in ${seconds.toFixed(1)} s, ${acknowledged.length} rides acknowledged, ` +
        `${swept} ended by the sweeps; ${report.checks} invariant checks over ${report.unicorns} unicorns, ` +
        `${report.rides} rides, ${report.riders} riders and ${report.quotes} quotes`,
      statuses,
    );
    expect(unexpected).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(total);
    expect(acknowledged.length).toBeGreaterThan(20); // unicorns were freed and booked again during the storm
    expect(report.unicorns).toBe(fleet.length);
    expect(report.violations).toEqual([]);
    expect(missingRides(items, acknowledged)).toEqual([]);
    expect(doubleWins).toEqual([]); // a ride is never both cancelled and boarded
    expect(doubleRatings).toEqual([]); // nor rated twice

    expect(replayed.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replayed.map((r) => r.body.rideId)).size).toBe(1);
    const replayerRides = items.filter((i) => Keys.isRide(i) && i.pk === Keys.riderPartition(replayer.sub));
    expect(replayerRides.map((r) => r.rideId)).toEqual([replayed[0]?.body.rideId]);

    // Once every deadline has passed and the sweep has caught up, nothing is active and every unicorn is free.
    const latest = Math.max(0, ...items.filter(Keys.isRide).map((r) => Date.parse(deadlineOf(r as never))));
    await sleep(Math.max(0, latest - Date.now() + 50));
    for (let more = true; more; ) more = (await Sweep.run()).more;
    const settled = checkInvariants(await scanTable(stack.endpoints.tableName), Date.now());
    expect(settled.violations).toEqual([]);
    expect(settled.overdue).toBe(0);
    expect((await Fleet.roster()).filter((u) => !u.available).map((u) => u.name)).toEqual([]);
  }, 150_000);
});

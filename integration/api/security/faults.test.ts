/**
 * Faults: DynamoDB Local dies in the middle of a load run, and later freezes. Riders must get a quick 503
 * UNAVAILABLE (never a hang, never a 500), and once the store is back with its data the table is consistent and
 * the service works again with no manual repair.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { handlerDefaults } from "@wildrydes/functions/catalogue/routes";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { newRiders, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, type Call, nearby } from "@wildrydes/testing/rider-api";
import { seattle } from "@wildrydes/testing/seattle-points";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants, missingRides, scanTable } from "./invariants";

const persistDir = mkdtempSync(path.join(os.tmpdir(), "wr-faults-"));
const functionTimeoutMs = Number.parseInt(handlerDefaults.timeout, 10) * 1000;
// A stack of its own: these tests stop and freeze its DynamoDB Local.
let stack: Stack;
let api: Call;
let riders: Rider[];

beforeAll(async () => {
  stack = await startStack({ web: false, persistDir, throttle: false });
  api = apiClient(stack.endpoints);
  riders = await newRiders(stack.endpoints, 6, "fault");
}, 90_000);

afterAll(async () => {
  stack?.dynamodb.resume();
  await stack?.stop();
  rmSync(persistDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  code?: string;
  ms: number;
}

const trip = { pickup: seattle, dropoff: nearby(seattle) };

/**
 * Each rider requests a ride and cancels it, over and over, until `until()` says stop. A ride whose answer the outage
 * swallowed still blocks its rider (409 RIDE_IN_PROGRESS names it): the rider cancels it, as the app would.
 */
async function load(until: () => boolean, answers: Answer[], acknowledged: { riderId: string; rideId: string }[]) {
  const timed = async (method: string, url: string, token: string, body?: unknown) => {
    const started = performance.now();
    const answer = await api(method, url, { token, body });
    answers.push({ status: answer.status, code: answer.body?.error?.code, ms: performance.now() - started });
    return answer;
  };
  await Promise.all(
    riders.map(async (rider) => {
      while (!until()) {
        const ride = await timed("POST", "/rides", rider.accessToken, trip);
        const lost = ride.body?.error?.details?.rideId;
        if (ride.status === 409 && lost) await timed("POST", `/rides/${lost}/cancel`, rider.accessToken);
        if (ride.status !== 201) continue;
        acknowledged.push({ riderId: rider.sub, rideId: ride.body.rideId });
        await timed("POST", `/rides/${ride.body.rideId}/cancel`, rider.accessToken);
      }
    }),
  );
}

function expectConsistent(
  items: Awaited<ReturnType<typeof scanTable>>,
  acknowledged: { riderId: string; rideId: string }[],
) {
  const report = checkInvariants(items);
  expect(report.violations).toEqual([]);
  expect(report.unicorns).toBe(seattleFleet.length);
  expect(missingRides(items, acknowledged)).toEqual([]);
  return report;
}

describe("DynamoDB Local stops in the middle of a load run", () => {
  it("answers 503 quickly while it is down, then resumes with its data and consistent invariants", async () => {
    const before: Answer[] = [];
    const during: Answer[] = [];
    const acknowledged: { riderId: string; rideId: string }[] = [];
    let phase: "before" | "down" | "over" = "before";

    const running = load(() => phase === "over", before, acknowledged);
    await until(() => before.filter((a) => a.status < 300).length >= 30);
    await stack.dynamodb.stop();
    phase = "down";
    const outage = performance.now();
    // Requests sent while the store is gone: each must come back as a 503 well within the function's timeout.
    await load(() => during.length >= 30, during, acknowledged);
    phase = "over";
    await running;
    await stack.dynamodb.start();
    const downFor = performance.now() - outage;

    const unexpected = [...before, ...during].filter((a) => a.status >= 500 && a.code !== "UNAVAILABLE");
    expect(unexpected).toEqual([]);
    expect(during.map((a) => `${a.status} ${a.code}`)).toEqual(Array(during.length).fill("503 UNAVAILABLE"));
    expect(Math.max(...during.map((a) => a.ms))).toBeLessThan(functionTimeoutMs);

    const report = expectConsistent(await scanTable(stack.endpoints.tableName), acknowledged);
    // A ride booked just before the store stopped, whose cancel met the outage, is still the rider's: end it first.
    await Promise.all(
      riders.map(async (rider) => {
        const current = await api("GET", "/rides/current", { token: rider.accessToken });
        if (current.status !== 200) return;
        const cancel = await api("POST", `/rides/${current.body.rideId}/cancel`, { token: rider.accessToken });
        expect(cancel.status).toBe(200);
      }),
    );
    const after = await Promise.all(riders.map((r) => api("POST", "/rides", { token: r.accessToken, body: trip })));
    expect(after.map((a) => a.status)).toEqual(Array(riders.length).fill(201));
    const cancelled = await Promise.all(
      after.map((a, i) => api("POST", `/rides/${a.body.rideId}/cancel`, { token: riders[i]?.accessToken })),
    );
    expect(cancelled.map((c) => c.status)).toEqual(Array(riders.length).fill(200));
    const slowest = Math.round(Math.max(...during.map((a) => a.ms)));
    console.log(
      `faults: ${before.length} requests before the outage, ${during.length} during it (all 503, slowest ${slowest} ms), ` +
        `store down ${Math.round(downFor)} ms; ${report.checks} invariant checks after restart`,
    );
  }, 90_000);
});

describe("DynamoDB Local freezes (accepts connections, never answers)", () => {
  it("answers 503 within the function timeout, not a timeout 500, and serves again once it thaws", async () => {
    const rider = riders[0] as (typeof riders)[number];
    stack.dynamodb.pause();
    const started = performance.now();
    const frozen = await api("POST", "/rides", { token: rider.accessToken, body: trip });
    const ms = performance.now() - started;
    stack.dynamodb.resume();
    expect([frozen.status, frozen.body?.error?.code]).toEqual([503, "UNAVAILABLE"]);
    expect(ms).toBeLessThan(functionTimeoutMs);

    // The store may still serve the frozen request once it thaws: a ride it made is the rider's to end first.
    const thawed = await api("GET", "/rides/current", { token: rider.accessToken });
    if (thawed.status === 200) {
      const cancel = await api("POST", `/rides/${thawed.body.rideId}/cancel`, { token: rider.accessToken });
      expect(cancel.status).toBe(200);
    }
    const ride = await api("POST", "/rides", { token: rider.accessToken, body: trip });
    expect(ride.status).toBe(201);
    expect((await api("POST", `/rides/${ride.body.rideId}/cancel`, { token: rider.accessToken })).status).toBe(200);
    expectConsistent(await scanTable(stack.endpoints.tableName), []);
    console.log(`faults: frozen store answered 503 in ${Math.round(ms)} ms`);
  }, 60_000);
});

/** Waits for a condition the load run makes true (polled on the event loop, bounded by the test's timeout). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

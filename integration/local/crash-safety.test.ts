/**
 * Crash safety of the local stack (issue 24): a persisted stack runs in a process of its own under load, a dozen
 * riders requesting, cancelling and boarding rides at once. A second start on its data refuses, naming it, and leaves
 * it serving. Its process group is SIGKILLed mid-load and its stream checkpoint file torn, as a crash mid-write would
 * leave it: nothing it started survives (the watchdog, not the next start, ends DynamoDB Local and cognito-local),
 * and its ports are free. A start on the same data sets the torn file aside with one warning and reads the stream
 * again from its start; every ride is readable, the table's invariants hold, and each rider's totals on GET /me are
 * exactly their ended rides, counted once though every record came twice. Last, a SIGKILL of the stack's own pid
 * alone leaves no orphan either.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { FleetSchema, type Ride } from "@wildrydes/core/rules/api-shapes";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { Keys } from "@wildrydes/core/store/keys";
import { claimPorts, type Stack, startStack } from "@wildrydes/local/stack";
import { eventually } from "@wildrydes/testing/crew-api";
import { newRiders, type Rider } from "@wildrydes/testing/rider-accounts";
import { type ApiSide, apiClient, nearby, type RidePage } from "@wildrydes/testing/rider-api";
import { portsFree, processesNaming, type StackProcess, startStackProcess } from "@wildrydes/testing/stack-process";
import { afterAll, expect, it } from "vitest";
import { checkInvariants, scanTable } from "../api/security/invariants";

const persistDir = mkdtempSync(path.join(os.tmpdir(), "wr-crash-safety-"));
const checkpointFile = path.join(persistDir, "stream-checkpoints.json");
/** Short, so rides left waiting at the kill end (NO_SHOW) seconds after the restart. */
const boardingWindowSeconds = 3;
const bots = seattleFleet.filter((u) => !u.crewed).map((u) => u.unicornId);
let running: StackProcess | undefined;
let stack: Stack | undefined;

afterAll(async () => {
  await running?.kill().catch(() => {});
  await stack?.stop();
  rmSync(persistDir, { recursive: true, force: true });
});

/**
 * One rider's load until `loading()` turns false or the stack dies: a ride from where their own bot stands (so it is
 * the nearest, there at once), then in turn cancelled at the kerb, or boarded and flown to its end.
 */
async function rideOver(
  side: ApiSide,
  rider: Rider,
  bot: string,
  loading: () => boolean,
  made: Map<string, Rider>,
): Promise<"cut" | "done"> {
  const call = apiClient(side);
  const token = rider.accessToken;
  for (let n = 0; loading(); n++) {
    try {
      const fleet = FleetSchema.parse((await call("GET", "/unicorns", { token })).body).unicorns;
      const mine = fleet.find((u) => u.unicornId === bot);
      if (!mine?.available) {
        await sleep(100);
        continue;
      }
      const pickup = mine.location;
      const asked = await call<Ride>("POST", "/rides", { token, body: { pickup, dropoff: nearby(pickup, 20) } });
      if (asked.status !== 201) {
        await sleep(100);
        continue;
      }
      made.set(asked.body.rideId, rider);
      const boarded =
        n % 3 === 0 ? undefined : await call<Ride>("POST", `/rides/${asked.body.rideId}/board`, { token });
      if (boarded?.status === 200) await sleep(Date.parse(boarded.body.dropoffAt ?? "") - Date.now() + 50);
      else await call("POST", `/rides/${asked.body.rideId}/cancel`, { token });
    } catch (error) {
      if (loading()) throw error;
      return "cut"; // the stack was killed under this rider's ride
    }
  }
  return "done";
}

async function ridesOf(side: ApiSide, rider: Rider): Promise<Ride[]> {
  const call = apiClient(side);
  const rides: Ride[] = [];
  let cursor: string | null = null;
  do {
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page: RidePage = (await call("GET", `/rides?limit=50${after}`, { token: rider.accessToken })).body;
    rides.push(...page.rides);
    cursor = page.nextCursor;
  } while (cursor);
  return rides;
}

it("killed mid-load with a torn checkpoint file, restarts on its data with no orphans and every invariant held", async () => {
  const began = Date.now();
  const phases: string[] = [];
  let phaseStart = began;
  const phase = (name: string) => {
    phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
    phaseStart = Date.now();
  };
  const ports = await claimPorts({}, false);
  const options = { persistDir, ports, throttle: false as const, boardingWindowSeconds };
  running = await startStackProcess({ ...options, sweepEverySeconds: 1 });
  phase("start");
  const first = running;
  const riders = await newRiders(first.endpoints, bots.length, "crash");
  let loading = true;
  const made = new Map<string, Rider>();
  const load = riders.map((rider, i) => rideOver(first.endpoints, rider, bots[i] as string, () => loading, made));
  await eventually(async () => made.size >= bots.length && existsSync(checkpointFile), {
    what: "a ride a rider made and a checkpoint written",
    timeoutMs: 30_000,
  });

  // A second start on the same data, mid-load: refused before it starts anything, naming the stack that holds it.
  const second = await startStack({ web: false, persistDir, throttle: false }).then(
    async (started) => {
      await started.stop();
      return "started";
    },
    (error: Error) => error.message,
  );
  expect(second).toContain(`in use by the local stack of process ${first.pid}`);
  expect(second).toContain(`kill ${first.pid}`);
  expect((await fetch(`${first.endpoints.apiUrl}/openapi.json`)).ok).toBe(true);
  expect(JSON.parse(readFileSync(path.join(persistDir, "stack.lock"), "utf8")).pid).toBe(first.pid);
  const madeAtRefusal = made.size;
  await eventually(async () => made.size >= madeAtRefusal + bots.length, {
    what: "the load going on",
    timeoutMs: 20_000,
  });

  // Killed mid-load; then its checkpoint file torn, as a crash halfway through writing it would leave it.
  phase("load");
  const madeBeforeKill = made.size;
  const killedAt = Date.now();
  loading = false; // riders stop asking again; the calls under way meet the kill
  const { survivors } = await first.kill("group");
  running = undefined;
  const cut = (await Promise.all(load)).filter((ended) => ended === "cut").length;
  expect(survivors).toEqual([]);
  expect(processesNaming(persistDir)).toEqual([]);
  await portsFree(Object.values(ports));
  const checkpoint = readFileSync(checkpointFile, "utf8");
  expect(checkpoint.length).toBeGreaterThan(2);
  writeFileSync(checkpointFile, checkpoint.slice(0, checkpoint.length >> 1));

  const warnings: string[] = [];
  stack = await startStack({ web: false, ...options, sweepEverySeconds: 1, log: (line) => warnings.push(line) });
  const restartedIn = (Date.now() - killedAt) / 1000;
  phase("kill and restart");
  const restarted = stack;
  expect(warnings.filter((line) => line.includes("stream-checkpoints.json was damaged"))).toHaveLength(1);
  expect(readdirSync(persistDir).filter((name) => name.startsWith("stream-checkpoints.json.damaged-"))).toHaveLength(1);
  // The watchdog had ended the children already: the new start found no leftover of the old one to end.
  expect(warnings.filter((line) => line.includes("ended without stopping"))).toEqual([]);

  // Every ride made is readable; the sweep ends those left open, and the poller, reading the stream from its start
  // again, counts each ended ride once on its rider's totals.
  const call = apiClient(restarted.endpoints);
  const reads = [...made].map(
    async ([rideId, rider]) => (await call("GET", `/rides/${rideId}`, { token: rider.accessToken })).status,
  );
  expect(new Set(await Promise.all(reads))).toEqual(new Set([200]));
  const open = ["DISPATCHING", "EN_ROUTE", "IN_PROGRESS"];
  await eventually(
    async () =>
      (await scanTable(restarted.endpoints.tableName))
        .filter(Keys.isRide)
        .every((ride) => !open.includes(String(ride.status))),
    { what: "every ride ended by the sweep", timeoutMs: 20_000, intervalMs: 250 },
  );
  await restarted.streams.caughtUp();
  const totals = await Promise.all(
    riders.map(async (rider) => {
      const rides = await ridesOf(restarted.endpoints, rider);
      const expected = {
        rides: rides.filter((r) => r.status === "COMPLETED").length,
        spent: rides.reduce((sum, r) => sum + (r.charged?.amount ?? 0), 0),
      };
      const me = (await call("GET", "/me", { token: rider.accessToken })).body;
      return { expected, counted: { rides: me.rides, spent: me.spent.amount } };
    }),
  );
  expect(totals.map((t) => t.counted)).toEqual(totals.map((t) => t.expected));
  expect(totals.reduce((sum, t) => sum + t.counted.rides, 0)).toBeGreaterThan(0);
  const report = checkInvariants(await scanTable(restarted.endpoints.tableName));
  expect(report.violations).toEqual([]);
  phase("checks");
  await restarted.stop();
  stack = undefined;
  expect(existsSync(path.join(persistDir, "stack.lock"))).toBe(false);

  // A SIGKILL of the stack's own pid alone, its group spared: the watchdog still ends what it started.
  running = await startStackProcess(options);
  expect(running.output()).not.toContain("damaged");
  const alone = await running.kill("pid");
  running = undefined;
  expect(alone.survivors).toEqual([]);
  expect(processesNaming(persistDir)).toEqual([]);
  await portsFree(Object.values(ports));
  phase("stop, start, kill of the pid");
  console.log(
    `crash safety: killed after ${madeBeforeKill} rides (${made.size} counting those answered as it died), ` +
      `cutting ${cut} riders' rides short, ` +
      `${report.rides} stored, ${report.checks} invariant checks; back ${restartedIn.toFixed(1)} s after the kill; ` +
      `${((Date.now() - began) / 1000).toFixed(1)} s in all (${phases.join(", ")})`,
  );
}, 120_000);

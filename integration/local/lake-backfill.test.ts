/**
 * The lake rebuilt from the table (scripts/lake/backfill.ts): a stack's lake is emptied after rides were counted,
 * the back-fill sends every ride's state through Firehose's stand-in, and GET /ops/metrics answers as before; a
 * second back-fill changes nothing the figures count.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { type OpsMetrics, OpsMetricsSchema } from "@wildrydes/core/rules/api-shapes";
import { localDeliveryStream } from "@wildrydes/local/plumbing/handler-environment";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { eventually } from "@wildrydes/testing/crew-api";
import { newRiders } from "@wildrydes/testing/rider-accounts";
import { apiClient, nearby, riderApi } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { seattle } from "@wildrydes/testing/seattle-points";
import { afterAll, beforeAll, expect, it } from "vitest";
import { backfillLake } from "../../scripts/lake/backfill";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ web: false, throttle: false });
}, 60_000);
afterAll(() => stack?.stop());

it("rebuilds an emptied lake from the table, and a second run counts nothing twice", async () => {
  const { endpoints } = stack;
  const operatorAccount = endpoints.demoAccounts?.operator;
  if (!operatorAccount) throw new Error("the stack seeds its operator");
  const [operator, riders] = await Promise.all([signInDemo(endpoints, operatorAccount), newRiders(endpoints, 3)]);
  const rides = await Promise.all(
    riders.map((rider, i) => riderApi(endpoints, rider.accessToken).requestRide(nearby(seattle, 300 * i))),
  );
  await riderApi(endpoints, riders[1]?.accessToken ?? "").cancelRide(rides[1]?.rideId ?? "");
  const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
  const metrics = async () => {
    const answer = await apiClient(endpoints)<OpsMetrics>("GET", `/ops/metrics?${range}`, {
      token: operator.accessToken,
    });
    return OpsMetricsSchema.parse(answer.body);
  };
  const counted = await eventually(async () => (await metrics()).totals.requested === 3 && (await metrics()), {
    what: "the rides counted",
    timeoutMs: 30_000,
    intervalMs: 1000,
  });

  await stack.streams.caughtUp();
  await stack.lake.flush();
  rmSync(path.join(stack.lake.dir(), "ride_changes"), { recursive: true, force: true });
  expect((await metrics()).totals.requested).toBe(0);

  for (let run = 1; run <= 2; run++) {
    expect(await backfillLake(localDeliveryStream)).toEqual({ rides: 3, refused: 0 });
    await stack.lake.flush();
    const rebuilt = await metrics();
    expect(rebuilt.totals).toEqual(counted.totals);
    // Busy time of a ride still going grows with the clock: the same unicorns, rides and revenue, no less busy.
    const work = (m: OpsMetrics) => m.unicorns.map(({ unicornId, rides, revenue }) => ({ unicornId, rides, revenue }));
    expect(work(rebuilt)).toEqual(work(counted));
    for (const [i, unicorn] of rebuilt.unicorns.entries()) {
      expect(unicorn.busySeconds).toBeGreaterThanOrEqual(counted.unicorns[i]?.busySeconds ?? 0);
    }
    expect(rebuilt.pickups).toEqual(counted.pickups);
  }
}, 90_000);

/**
 * The lake counts each ride change once across a restart and a full redelivery: a persisted stack makes rides until
 * `GET /ops/metrics` counts them, stops, and starts again on the same data with its stream checkpoints removed, so
 * the stream poller reads the whole stream again and the RideLake subscriber sends every change a second time. The
 * lake then holds each event twice, and the figures are unchanged; a ride made after the restart adds exactly one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type OpsMetrics, OpsMetricsSchema } from "@wildrydes/core/rules/api-shapes";
import { claimPorts, type Stack, startStack } from "@wildrydes/local/stack";
import { eventually } from "@wildrydes/testing/crew-api";
import { newRiders, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, nearby, riderApi } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { seattle } from "@wildrydes/testing/seattle-points";
import { portsFree } from "@wildrydes/testing/stack-process";
import { afterAll, expect, it } from "vitest";

const persistDir = mkdtempSync(path.join(os.tmpdir(), "wr-lake-restart-"));
const dataDir = path.join(persistDir, "data");
let stack: Stack | undefined;

afterAll(async () => {
  await stack?.stop();
  rmSync(persistDir, { recursive: true, force: true });
});

/** The figures for the last hour, once they show `requested` rides. */
async function countedOnce(current: Stack, operatorToken: string, requested: number): Promise<OpsMetrics> {
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();
  const api = apiClient(current.endpoints);
  return eventually(
    async () => {
      const answer = await api<OpsMetrics>("GET", `/ops/metrics?from=${from}&to=${to}`, { token: operatorToken });
      const body = OpsMetricsSchema.parse(answer.body);
      return body.totals.requested === requested && body;
    },
    { what: `${requested} rides counted`, timeoutMs: 30_000, intervalMs: 1000 },
  );
}

it("counts every change once after a restart that redelivers the whole stream", async () => {
  // The same ports both times: this process's handlers keep their clients (DynamoDB's above all) for its life.
  const ports = await claimPorts({}, false);
  const started = await startStack({ web: false, throttle: false, persistDir: dataDir, ports });
  stack = started;
  const operatorAccount = stack.endpoints.demoAccounts?.operator;
  if (!operatorAccount) throw new Error("the stack seeds its operator");
  const riders: Rider[] = await newRiders(stack.endpoints, 3);
  const operator = await signInDemo(stack.endpoints, operatorAccount);
  const rides = await Promise.all(
    riders.map((rider, i) => riderApi(started.endpoints, rider.accessToken).requestRide(nearby(seattle, 250 * i))),
  );
  await riderApi(stack.endpoints, riders[0]?.accessToken ?? "").cancelRide(rides[0]?.rideId ?? "");
  const before = await countedOnce(stack, operator.accessToken, 3);
  expect(before.totals).toMatchObject({ requested: 3, cancelled: 1 });

  await stack.stop();
  // Without its checkpoints the poller starts from the stream's oldest record: every change is delivered again.
  rmSync(path.join(dataDir, "stream-checkpoints.json"), { force: true });
  await portsFree(Object.values(ports));
  stack = await startStack({ web: false, throttle: false, persistDir: dataDir, ports });
  const [late] = await newRiders(stack.endpoints, 1);
  if (!late) throw new Error("no rider");
  await riderApi(stack.endpoints, late.accessToken).requestRide(nearby(seattle, 900));
  const operatorAgain = await signInDemo(stack.endpoints, operatorAccount);
  await stack.streams.caughtUp();
  await stack.lake.flush();
  const after = await countedOnce(stack, operatorAgain.accessToken, 4);
  expect(after.totals).toMatchObject({ requested: 4, cancelled: 1, completed: 0, noShows: 0 });
  expect(after.pickups.reduce((sum, cell) => sum + cell.rides, 0)).toBe(4);
  // The redelivery did happen: the lake holds some events twice, and the queries counted them once.
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const lake = await (await DuckDBInstance.create(":memory:")).connect();
  const files = path.join(stack.lake.dir(), "ride_changes", "**", "*.parquet");
  const read = await lake.runAndReadAll(
    `SELECT count(*)::INTEGER, count(DISTINCT event_id)::INTEGER FROM read_parquet('${files}')`,
  );
  const [rows = 0, events = 0] = (read.getRows()[0] ?? []) as number[];
  expect(rows).toBeGreaterThan(events);
  lake.closeSync();
}, 120_000);

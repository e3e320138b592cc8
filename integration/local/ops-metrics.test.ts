/**
 * The operations figures end to end on a stack of the file's own (docs/api.md, "Operations"): rides made through the
 * API reach the lake through the table's stream, the RideLake subscriber and Firehose's stand-in (Parquet, flushed
 * at least every 10 s), and `GET /ops/metrics` counts them, through Athena's stand-in, within 30 s, matching the
 * table. No flush is forced: the test waits as an operator would.
 */
import { type OpsMetrics, OpsMetricsSchema } from "@wildrydes/core/rules/api-shapes";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { eventually } from "@wildrydes/testing/crew-api";
import { newRiders } from "@wildrydes/testing/rider-accounts";
import { apiClient, nearby, riderApi } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { seattle } from "@wildrydes/testing/seattle-points";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanTable } from "../api/security/invariants";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ web: false, throttle: false });
}, 60_000);
afterAll(() => stack?.stop());

describe("GET /ops/metrics after a burst of rides", () => {
  it("counts every ride within 30 s, as the table has them", async () => {
    const { endpoints } = stack;
    const operatorAccount = endpoints.demoAccounts?.operator;
    if (!operatorAccount) throw new Error("the stack seeds its operator");
    const [operator, riders] = await Promise.all([signInDemo(endpoints, operatorAccount), newRiders(endpoints, 5)]);
    const from = new Date(Date.now() - 60_000).toISOString();
    // Five rides from spread pickups, two of them cancelled: 5 requested, 2 cancelled, 3 still on their way.
    const rides = await Promise.all(
      riders.map((rider, i) => riderApi(endpoints, rider.accessToken).requestRide(nearby(seattle, 200 * i))),
    );
    await Promise.all(
      rides.slice(0, 2).map((ride, i) => riderApi(endpoints, riders[i]?.accessToken ?? "").cancelRide(ride.rideId)),
    );
    const madeAt = Date.now();
    const to = new Date(madeAt + 60_000).toISOString();
    const api = apiClient(endpoints);
    const query = `/ops/metrics?from=${from}&to=${to}&bucket=hour`;

    const metrics = await eventually(
      async () => {
        const answer = await api<OpsMetrics>("GET", query, { token: operator.accessToken });
        expect(answer.status).toBe(200);
        const body = OpsMetricsSchema.parse(answer.body);
        return body.totals.requested === 5 && body.totals.cancelled === 2 && body;
      },
      { what: "the burst counted on GET /ops/metrics", timeoutMs: 30_000, intervalMs: 1000 },
    );
    const countedIn = (Date.now() - madeAt) / 1000;
    console.log(`ops metrics: the burst was counted ${countedIn.toFixed(1)} s after it was made`);

    // The table says the same.
    const stored = (await scanTable(endpoints.tableName)).filter(
      (item) => item.kind === "ride" && rides.some((r) => r.rideId === item.rideId),
    );
    expect(stored).toHaveLength(5);
    expect(stored.filter((r) => r.status === "CANCELLED")).toHaveLength(2);
    expect(metrics.totals).toMatchObject({ requested: 5, completed: 0, cancelled: 2, noShows: 0 });
    expect(metrics.totals.revenue).toEqual({ amount: 0, currency: "USD" });
    expect(metrics.pickups.reduce((sum, cell) => sum + cell.rides, 0)).toBe(5);
    const unicornIds = new Set(rides.map((r) => r.unicorn.unicornId));
    expect(new Set(metrics.unicorns.map((u) => u.unicornId))).toEqual(unicornIds);
    expect(Date.parse(metrics.asOf)).toBeGreaterThanOrEqual(madeAt - 2000);
  }, 60_000);

  it("refuses riders (403) and a range the contract refuses (400)", async () => {
    const { endpoints } = stack;
    const [rider] = await newRiders(endpoints, 1);
    const operatorAccount = endpoints.demoAccounts?.operator;
    if (!rider || !operatorAccount) throw new Error("no accounts");
    const operator = await signInDemo(endpoints, operatorAccount);
    const api = apiClient(endpoints);
    expect((await api("GET", "/ops/metrics", { token: rider.accessToken })).status).toBe(403);
    const backwards = await api("GET", "/ops/metrics?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", {
      token: operator.accessToken,
    });
    expect([backwards.status, backwards.body.error?.code]).toEqual([400, "VALIDATION_ERROR"]);
    const tooLong = await api("GET", "/ops/metrics?from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z", {
      token: operator.accessToken,
    });
    expect([tooLong.status, tooLong.body.error?.code]).toEqual([400, "VALIDATION_ERROR"]);
  });
});

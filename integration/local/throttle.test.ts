/**
 * The gateway emulator's edge limits, with fake handlers and an injected clock: API Gateway's per-route token
 * bucket (429 past it, refilled over time) and a Lambda-like cap on concurrent invocations (the rest wait in line).
 */
import { throttle } from "@wildrydes/functions/catalogue/routes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayRoute, type LambdaHandler, startGateway } from "../../local/src/gateway/gateway";
import type { JwtAuthorizer } from "../../local/src/gateway/jwt-authorizer";

const routes: GatewayRoute[] = [
  { method: "GET", path: "/a", handler: "fake/a.handler" },
  { method: "GET", path: "/b", handler: "fake/b.handler" },
];
let invoked = 0;
let clock = 0;
const allowAll: JwtAuthorizer = async () => ({ claims: { sub: "rider" }, scopes: null });
let gateway: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  gateway = await startGateway({
    port: 0,
    routes,
    authorizer: allowAll,
    throttle,
    now: () => clock,
    loadHandler: async (): Promise<LambdaHandler> => () => {
      invoked++;
      return { ok: true };
    },
  });
});

afterAll(async () => gateway?.stop());

async function burst(path: string, count: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(`${gateway.url}${path}`);
      const body = await response.json();
      if (response.status === 429) expect(body).toEqual({ message: "Too Many Requests" });
      return response.status;
    }),
  );
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe("route throttling (the route table's burst and rate)", () => {
  it("admits a full burst, answers 429 past it without invoking the handler, and refills at the rate", async () => {
    const first = await burst("/a", throttle.burstLimit + 20);
    expect([count(first, 200), count(first, 429)]).toEqual([throttle.burstLimit, 20]);
    expect(invoked).toBe(throttle.burstLimit);

    clock += 1000; // one second later: rateLimit tokens are back
    const second = await burst("/a", throttle.rateLimit + 5);
    expect([count(second, 200), count(second, 429)]).toEqual([throttle.rateLimit, 5]);

    clock += 60_000; // a long pause refills only up to the burst
    const third = await burst("/a", throttle.burstLimit + 1);
    expect(count(third, 429)).toBe(1);
  });

  it("keeps a bucket per route and never throttles a CORS preflight", async () => {
    expect(count(await burst("/b", 10), 200)).toBe(10); // /a is exhausted, /b is not
    const preflight = await fetch(`${gateway.url}/a`, { method: "OPTIONS", headers: { origin: "http://x.test" } });
    expect(preflight.status).toBe(204);
  });
});

describe("concurrent invocations", () => {
  it("runs at most `concurrency` handlers at once, queues the rest, and starts each timeout at its turn", async () => {
    let active = 0;
    let peak = 0;
    const slow = await startGateway({
      port: 0,
      routes: [{ method: "GET", path: "/work", handler: "fake/work.handler", timeout: "1 second" }],
      authorizer: allowAll,
      concurrency: 3,
      loadHandler: async (): Promise<LambdaHandler> => async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 150)); // the handler's own work
        active--;
        return { done: true };
      },
    });
    try {
      // 30 requests × 150 ms over 3 slots take ~1.5 s, past the 1 s timeout: none may time out while waiting in line.
      const statuses = await Promise.all(
        Array.from({ length: 30 }, () => fetch(`${slow.url}/work`).then((r) => r.status)),
      );
      expect(statuses).toEqual(Array(30).fill(200));
      expect(peak).toBe(3);
    } finally {
      await slow.stop();
    }
  });
});

#!/usr/bin/env -S npx tsx
/**
 * How the gateway emulator's concurrency limit shapes a burst: 100 simultaneous ride requests from 100 riders (one
 * active ride each) for 10 unicorns (the lead's concurrency test) per limit, printing statuses and timings. Run: `npx tsx scripts/security-concurrency.mjs
 * [limits...]` (default 2 4 8 16 1000). Expect exactly 10 × 201 and 90 × 409 with no 5xx at a good limit.
 */
import { Fleet, seattleFleet } from "@wildrydes/core/store/fleet";
import { createRider } from "@wildrydes/local/cognito/accounts";
import { startStack } from "@wildrydes/local/stack";
import { freePort } from "../local/src/plumbing/processes.ts";

const limits = process.argv.slice(2).map(Number);
const trip = { pickup: { latitude: 47.615, longitude: -122.33 }, dropoff: { latitude: 47.616, longitude: -122.33 } };
// The handlers' DynamoDB client is made once per process, for one endpoint: keep DynamoDB Local on one port.
const dynamodb = await freePort();

for (const concurrency of limits.length ? limits : [2, 4, 8, 16, 1000]) {
  const stack = await startStack({ web: false, seed: false, throttle: false, concurrency, ports: { dynamodb } });
  try {
    await Fleet.seed(seattleFleet.slice(0, 10));
    const { cognitoEndpoint: endpoint, userPoolClientId: clientId, verificationCode: code } = stack.endpoints;
    const riders = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        createRider({ endpoint, clientId, code }, `c${concurrency}-${i}@x.example`),
      ),
    );
    const t0 = performance.now();
    const times = [];
    const statuses = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const started = performance.now();
        const response = await fetch(`${stack.endpoints.apiUrl}/rides`, {
          method: "POST",
          headers: { authorization: `Bearer ${riders[i].accessToken}`, "content-type": "application/json" },
          body: JSON.stringify(trip),
        });
        await response.arrayBuffer();
        times.push(performance.now() - started);
        return response.status;
      }),
    );
    const wall = performance.now() - t0;
    const counts = Object.fromEntries(
      [...new Set(statuses)].sort().map((s) => [s, statuses.filter((x) => x === s).length]),
    );
    times.sort((a, b) => a - b);
    const p = (q) => Math.round(times[Math.floor(q * (times.length - 1))]);
    console.log(
      `concurrency ${String(concurrency).padStart(4)}: ${JSON.stringify(counts)} in ${Math.round(wall)} ms` +
        ` (p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms)`,
    );
  } finally {
    await stack.stop();
  }
}

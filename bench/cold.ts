/** Cold starts of every handler bundle, each a fresh node process serving one real request, vs an empty handler. */
import { randomUUID } from "node:crypto";
import {
  type Baseline,
  type BundleRow,
  buildBundles,
  type ColdSample,
  coldRuns,
  coldStart,
  summarise,
} from "./bundles";
import { cityFleet, pointInCity, random, writeFleet } from "./dispatch-cost";
import { type BenchDb, median } from "./dynamo";

const riderId = "bench-cold-rider";

/** An API Gateway HTTP API v2 event as the JWT authorizer hands it over. */
export function v2Event(method: string, routePath: string, params: Record<string, string>, body?: unknown) {
  const rawPath = routePath.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
  const now = new Date();
  return {
    version: "2.0",
    routeKey: `${method} ${routePath}`,
    rawPath,
    rawQueryString: "",
    headers: { "content-type": "application/json", host: "bench.local" },
    requestContext: {
      accountId: "123456789012",
      apiId: "bench",
      domainName: "bench.local",
      domainPrefix: "bench",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: randomUUID(),
      routeKey: `${method} ${routePath}`,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { jwt: { claims: { sub: riderId, username: "bench-rider", token_use: "access" }, scopes: [] } },
    },
    isBase64Encoded: false,
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/** A fresh event per run; rides to read, cancel or complete are created beforehand through core. */
async function eventFor(route: string, next: () => number): Promise<unknown> {
  const { Rides } = await import("@wildrydes/core/rides");
  const pickup = pointInCity(next);
  const [method = "GET", routePath = "/"] = route.split(" ");
  if (route.startsWith("POST /rides (")) return v2Event("POST", "/rides", {}, { pickup });
  const hourAgo = new Date(Date.now() - 3_600_000);
  const needsRide = routePath.includes("{rideId}");
  const ride = needsRide
    ? (await Rides.requestRide(riderId, pickup, route.endsWith("/complete") ? hourAgo : new Date())).ride
    : undefined;
  const params: Record<string, string> = ride ? { rideId: ride.rideId } : {};
  if (route === "POST /rides") return v2Event(method, routePath, params, { pickup });
  if (route === "POST /ride") {
    return v2Event(method, routePath, params, {
      PickupLocation: { Latitude: pickup.latitude, Longitude: pickup.longitude },
    });
  }
  if (method === "POST") return v2Event(method, routePath, params, route.endsWith("/complete") ? { rating: 5 } : {});
  return v2Event(method, routePath, params);
}

export interface ColdResult {
  rows: BundleRow[];
  baselines: Record<Baseline, { sizeKb: number; medianTotalMs: number; medianImportMs: number; runs: number }>;
  budget: number;
  pass: boolean;
}

export async function measureColdStarts(db: BenchDb): Promise<ColdResult> {
  await db.resetTable();
  await writeFleet(cityFleet(1_000, 11));
  const { rows, files, baselineFiles, baselineSizes } = await buildBundles();
  const samples = new Map<string, ColdSample[]>();
  const record = (key: string, sample: ColdSample) => samples.set(key, [...(samples.get(key) ?? []), sample]);
  const next = random(99);
  // Round-robin over all bundles so every one sees the same machine load (the host is shared).
  for (let i = 0; i < coldRuns; i++) {
    for (const [name, file] of Object.entries(baselineFiles)) {
      record(name, await coldStart(file, v2Event("GET", "/", {}), db.endpoint));
    }
    for (const row of rows) {
      const file = files.get(row.route);
      if (file) record(row.route, await coldStart(file, await eventFor(row.route, next), db.endpoint));
    }
  }
  const baseline = (name: Baseline) => {
    const s = samples.get(name) ?? [];
    return {
      sizeKb: baselineSizes[name],
      runs: s.length,
      medianTotalMs: median(s.map((x) => x.totalMs)),
      medianImportMs: median(s.map((x) => x.importMs)),
    };
  };
  const baselines = { empty: baseline("empty"), "sdk-only": baseline("sdk-only") };
  for (const row of rows) {
    row.cold = summarise(
      samples.get(row.route) ?? [],
      baselines.empty.medianTotalMs,
      baselines["sdk-only"].medianTotalMs,
    );
  }
  const budget = 2.0;
  const deployed = rows.filter((r) => !r.variant);
  const pass = deployed.every((r) => r.cold && r.cold.ratio <= budget && r.cold.statuses.every((c) => c < 300));
  return { rows, baselines, budget, pass };
}

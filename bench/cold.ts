/** Cold starts of every handler bundle, each a fresh node process serving one real request, vs an empty handler. */
import { randomUUID } from "node:crypto";
import { nearby } from "@wildrydes/testing/api";
import {
  type Baseline,
  type BundleRow,
  buildBundles,
  type ColdSample,
  coldRuns,
  coldStart,
  summarise,
} from "./bundles";
import { cityFleet, random, tripInCity, writeFleet } from "./dispatch-cost";
import { type BenchDb, median } from "./dynamo";

const benchRider = "bench-cold-rider";

/** An API Gateway HTTP API v2 event as the JWT authorizer hands it over, for rider `riderId`. */
export function v2Event(
  method: string,
  routePath: string,
  params: Record<string, string>,
  body?: unknown,
  riderId = benchRider,
) {
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

/**
 * A fresh event per run, each for a rider of its own (a rider has one active ride at most). A ride the route needs is
 * made beforehand through core, in the state the route expects: on its way, arrived (requested minutes ago), or
 * completed (requested long ago, boarded on arrival, a trip of seconds).
 */
async function eventFor(route: string, next: () => number): Promise<unknown> {
  const { Rides } = await import("@wildrydes/core/rides");
  const riderId = `bench-cold-${randomUUID()}`;
  const trip = tripInCity(next);
  const [method = "GET", routePath = "/"] = route.split(" ");
  const event = (params: Record<string, string>, body?: unknown) => v2Event(method, routePath, params, body, riderId);
  if (route.startsWith("POST /rides (")) return v2Event("POST", "/rides", {}, trip, riderId);
  if (route === "POST /rides" || route === "POST /quotes") return event({}, trip);
  if (route === "POST /ride") {
    return event({}, { PickupLocation: { Latitude: trip.pickup.latitude, Longitude: trip.pickup.longitude } });
  }
  if (!routePath.includes("{rideId}") && route !== "GET /rides/current") return event({});
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const short = { pickup: trip.pickup, dropoff: nearby(trip.pickup) };
  const at = route.endsWith("/board") ? minutesAgo(2) : route.endsWith("/rating") ? minutesAgo(10) : new Date();
  const { ride } = await Rides.requestRide(riderId, short, { now: at });
  if (route.endsWith("/rating")) await Rides.board(riderId, ride.rideId, new Date(ride.arrivesAt));
  if (method === "POST") return event({ rideId: ride.rideId }, route.endsWith("/rating") ? { rating: 5 } : {});
  return event(route === "GET /rides/current" ? {} : { rideId: ride.rideId });
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

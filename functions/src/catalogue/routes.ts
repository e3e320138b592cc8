/**
 * The one route table. infra/api.ts turns each entry into an API Gateway route with the JWT authorizer, the local
 * gateway emulator serves the same entries by importing the same handler modules, and ./openapi.ts documents them.
 */
import {
  FleetSchema,
  OfferSchema,
  OpsMetricsSchema,
  QuoteBody,
  QuoteSchema,
  RatingBody,
  RequestRideBody,
  RidePageSchema,
  RiderTotalsSchema,
  RideSchema,
  UnicornSelfSchema,
  WorkshopRideBody,
  WorkshopRideSchema,
} from "@wildrydes/core/rules/api-shapes";
import { type Lazy, ShiftBody } from "@wildrydes/core/rules/request-bodies";
import type { Role } from "@wildrydes/core/rules/roles";
import type * as z from "zod/mini";

/** What the OpenAPI document (./openapi.ts) and docs/api.md say of a route. */
export interface RouteDoc {
  summary: string;
  /** The body's schema, made when the document is (a handler's bundle makes only its own). */
  request?: Lazy;
  success: { status: 200 | 201; schema: z.ZodMiniType };
  /** The handler's own refusals (4xx); 401, 500 and 503 go without saying. */
  refusals: number[];
  query?: Record<string, { description: string; schema: object }>;
  /** Takes an Idempotency-Key header. */
  idempotent?: boolean;
}

/**
 * What a route may link: the table, the offer chain (to start it, or to answer its waiting callback), and the right to
 * query the ride-events lake (Athena's workgroup and database, infra/lake.ts).
 */
export type RouteLink = "Table" | "OfferChain" | "LakeQueries";

export interface Route {
  method: "GET" | "POST";
  /** API Gateway path syntax: `{rideId}` is a path parameter. */
  path: string;
  /** SST handler string, relative to the repository root: `<file without extension>.<export>`. */
  handler: string;
  /** Linked resources the handler may use (least privilege: nothing else is granted). */
  link: readonly RouteLink[];
  /** Every route needs a Cognito JWT; kept explicit so a public route would be a visible decision. */
  auth: "jwt";
  /** Whose route it is (a Cognito group, checked by the handler's edge: 403 for another role's account). */
  role: Role;
  memory?: `${number} MB`;
  timeout?: `${number} seconds`;
  doc: RouteDoc;
}

const routeOf =
  (role: Role) =>
  (method: Route["method"], path: string, handler: string, doc: RouteDoc, link: RouteLink[] = ["Table"]): Route => ({
    method,
    path,
    handler: `functions/src/handlers/${handler}.handler`,
    link,
    auth: "jwt",
    role,
    doc,
  });
const rider = routeOf("rider");
const unicorn = routeOf("unicorn");
const operator = routeOf("operator");

const ride = (status: 200 | 201) => ({ status, schema: RideSchema });
/** A page of rides: how many, and where the previous page ended. */
const pageQuery = {
  limit: { description: "Page size, 1–50 (default 20)", schema: { type: "integer", minimum: 1, maximum: 50 } },
  cursor: { description: "nextCursor of the previous page", schema: { type: "string" } },
};
/** A POST with a body: malformed, too large or not JSON. */
const bodied = [400, 413, 415];
/** Routes that start the offer chain or answer the callback it waits on. */
const chained: RouteLink[] = ["Table", "OfferChain"];

export const routes: readonly Route[] = [
  rider("POST", "/quotes", "quotes/create", {
    summary: "The upfront fare of a trip, held for two minutes",
    request: QuoteBody,
    success: { status: 201, schema: QuoteSchema },
    refusals: [...bodied, 409, 422],
  }),
  rider(
    "POST",
    "/rides",
    "rides/request",
    {
      summary: "Request the nearest free unicorn for a quote, or for a pickup and dropoff",
      request: RequestRideBody,
      success: ride(201),
      refusals: [...bodied, 404, 409, 410, 422],
      idempotent: true,
    },
    chained,
  ),
  rider("GET", "/rides", "rides/list", {
    summary: "The rider's rides, newest first",
    success: { status: 200, schema: RidePageSchema },
    refusals: [400],
    query: pageQuery,
  }),
  rider("GET", "/rides/current", "rides/current", {
    summary: "The rider's active ride",
    success: ride(200),
    refusals: [404],
  }),
  rider("GET", "/rides/{rideId}", "rides/get", {
    summary: "One of the rider's rides",
    success: ride(200),
    refusals: [404],
  }),
  rider("POST", "/rides/{rideId}/board", "rides/board", {
    summary: "Board the unicorn once it has arrived: the trip starts",
    success: ride(200),
    refusals: [...bodied, 404, 409],
  }),
  rider(
    "POST",
    "/rides/{rideId}/cancel",
    "rides/cancel",
    {
      summary:
        "Cancel before boarding (a fee once the unicorn has arrived, free while dispatching); the unicorn is free again",
      success: ride(200),
      refusals: [...bodied, 404, 409],
    },
    chained,
  ),
  rider("POST", "/rides/{rideId}/rating", "rides/rating", {
    summary: "Rate a completed ride, once",
    request: RatingBody,
    success: ride(200),
    refusals: [...bodied, 404, 409],
  }),
  rider("GET", "/unicorns", "unicorns/list", {
    summary: "The fleet and who is free",
    success: { status: 200, schema: FleetSchema },
    refusals: [],
  }),
  rider("GET", "/me", "me/get", {
    summary: "The rider's totals: completed rides, money charged, since when (fed by the change stream)",
    success: { status: 200, schema: RiderTotalsSchema },
    refusals: [],
  }),
  rider("POST", "/ride", "workshop/ride", {
    summary: "Request a unicorn (the original Wild Rydes workshop contract)",
    request: WorkshopRideBody,
    success: { status: 201, schema: WorkshopRideSchema },
    refusals: [...bodied, 409, 422],
    idempotent: true,
  }),
  unicorn("GET", "/unicorn/me", "unicorn/me", {
    summary: "The unicorn's own view: the fleet's, with its shift and earnings (80 % of what its rides charged)",
    success: { status: 200, schema: UnicornSelfSchema },
    refusals: [403],
  }),
  unicorn("POST", "/unicorn/shift", "unicorn/shift", {
    summary: "Go on or off shift; off keeps the current job and stops new offers",
    request: ShiftBody,
    success: { status: 200, schema: UnicornSelfSchema },
    refusals: [...bodied, 403],
  }),
  unicorn("GET", "/unicorn/offers/current", "unicorn/offer-current", {
    summary: "The unicorn's open offer: a ride to accept or decline before it expires",
    success: { status: 200, schema: OfferSchema },
    refusals: [403, 404],
  }),
  unicorn(
    "POST",
    "/unicorn/offers/{offerId}/accept",
    "unicorn/offer-accept",
    {
      summary: "Accept an open offer: the ride is the unicorn's, EN_ROUTE from now",
      success: ride(200),
      refusals: [...bodied, 403, 404, 409],
    },
    chained,
  ),
  unicorn(
    "POST",
    "/unicorn/offers/{offerId}/decline",
    "unicorn/offer-decline",
    {
      summary: "Decline an open offer: it goes to the next nearest free unicorn",
      success: { status: 200, schema: OfferSchema },
      refusals: [...bodied, 403, 404, 409],
    },
    chained,
  ),
  unicorn("GET", "/unicorn/rides", "unicorn/jobs", {
    summary: "The unicorn's jobs, newest first",
    success: { status: 200, schema: RidePageSchema },
    refusals: [400, 403],
    query: pageQuery,
  }),
  unicorn("GET", "/unicorn/rides/current", "unicorn/current-job", {
    summary: "The job the unicorn is on now",
    success: ride(200),
    refusals: [403, 404],
  }),
  {
    ...operator(
      "GET",
      "/ops/metrics",
      "ops/metrics",
      {
        summary:
          "Rides requested and ended, revenue and pickup waits per hour or day, per unicorn and per pickup cell, from the ride-events lake",
        success: { status: 200, schema: OpsMetricsSchema },
        refusals: [400, 403],
        query: {
          from: {
            description: "Start of the range, an ISO 8601 instant (default: 24 hours before `to`)",
            schema: { type: "string", format: "date-time" },
          },
          to: {
            description: "End of the range, exclusive, at most 31 days after `from` (default: now)",
            schema: { type: "string", format: "date-time" },
          },
          bucket: {
            description: "The series' step: UTC hours or UTC days (default hour)",
            schema: { type: "string", enum: ["hour", "day"] },
          },
        },
      },
      ["LakeQueries"],
    ),
    // Up to 20 s of queries, then a 503: room for that within API Gateway's 30 s.
    timeout: "25 seconds",
  },
];

/**
 * The offer chain (docs/decisions/0019): a Lambda durable function in the cloud (`sst.aws.Workflow`), the vendor's
 * local runner on this machine. POST /rides starts one per ride that waits for a crewed unicorn.
 */
export const offerChain = {
  name: "OfferChain",
  handler: "functions/src/handlers/dispatch/offer-chain.handler",
  link: ["Table"] as const,
  /** A chain ends within a minute (three 15 s offers, or the 60 s limit): five minutes is a generous bound. */
  executionTimeout: "5 minutes",
} as const;

/** Scheduled functions: SST's Cron in the cloud, a timer calling the same handler locally. */
export interface Schedule {
  name: string;
  handler: string;
  /** EventBridge rate expression. */
  schedule: `rate(${string})`;
  link: readonly "Table"[];
}

export const schedules: readonly Schedule[] = [
  {
    name: "Sweep",
    handler: "functions/src/handlers/schedules/sweep.handler",
    schedule: "rate(1 minute)",
    link: ["Table"],
  },
];

/**
 * Defaults for every handler, applied once to every function by infra/functions.ts; a route may override
 * memory or timeout. The local gateway and the cost benchmark read the same numbers.
 */
export const handlerDefaults = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  memory: "1769 MB",
  timeout: "10 seconds",
} as const;

/**
 * What browsers may send the API, declared once for API Gateway (infra/api.ts) and the local gateway emulator.
 * Origins are per stage: any origin, except production, which allows only the site's domain.
 */
export const cors = {
  allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
  allowMethods: ["GET", "POST", "OPTIONS"],
  /** One day: a browser caches the preflight for at most this long (Chromium caps it at two hours). */
  maxAgeSeconds: 86_400,
} as const;

/**
 * Stage throttling, per route: API Gateway applies it in the cloud, the gateway emulator the same numbers locally.
 * A backstop against runaway clients, set above what one machine dispatched in the benchmark (45 rides/s).
 */
export const throttle = { burstLimit: 200, rateLimit: 100 } as const;

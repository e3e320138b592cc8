/**
 * The OpenAPI 3.1 document of the API, generated from the route table and the same zod schemas the handlers
 * validate with, so it cannot drift from what the handlers accept. Served locally at GET /openapi.json.
 */
import {
  ErrorSchema,
  FleetSchema,
  LegacyRideBody,
  LegacyRideSchema,
  QuoteBody,
  QuoteSchema,
  RatingBody,
  RequestRideBody,
  RidePageSchema,
  RiderTotalsSchema,
  RideSchema,
} from "@wildrydes/core/rules/api-shapes";
import * as z from "zod/mini";
import { routes } from "./routes";

interface Operation {
  summary: string;
  request?: z.ZodMiniType;
  success: { status: 200 | 201; schema: z.ZodMiniType };
  refusals: number[];
  query?: Record<string, { description: string; schema: object }>;
  idempotent?: boolean;
}

/** What each route of the route table does, keyed as "METHOD /path". */
export const operations: Record<string, Operation> = {
  "POST /quotes": {
    summary: "The upfront fare of a trip, held for two minutes",
    request: QuoteBody,
    success: { status: 201, schema: QuoteSchema },
    refusals: [400, 409, 413, 415, 422],
  },
  "POST /rides": {
    summary: "Request the nearest free unicorn for a quote, or for a pickup and dropoff",
    request: RequestRideBody,
    success: { status: 201, schema: RideSchema },
    refusals: [400, 404, 409, 410, 413, 415, 422],
    idempotent: true,
  },
  "GET /rides": {
    summary: "The rider's rides, newest first",
    success: { status: 200, schema: RidePageSchema },
    refusals: [400],
    query: {
      limit: { description: "Page size, 1–50 (default 20)", schema: { type: "integer", minimum: 1, maximum: 50 } },
      cursor: { description: "nextCursor of the previous page", schema: { type: "string" } },
    },
  },
  "GET /rides/current": {
    summary: "The rider's active ride",
    success: { status: 200, schema: RideSchema },
    refusals: [404],
  },
  "GET /rides/{rideId}": {
    summary: "One of the rider's rides",
    success: { status: 200, schema: RideSchema },
    refusals: [404],
  },
  "POST /rides/{rideId}/board": {
    summary: "Board the unicorn once it has arrived: the trip starts",
    success: { status: 200, schema: RideSchema },
    refusals: [400, 404, 409, 413, 415],
  },
  "POST /rides/{rideId}/cancel": {
    summary: "Cancel before boarding (a fee once the unicorn has arrived); the unicorn is free again",
    success: { status: 200, schema: RideSchema },
    refusals: [400, 404, 409, 413, 415],
  },
  "POST /rides/{rideId}/rating": {
    summary: "Rate a completed ride, once",
    request: RatingBody,
    success: { status: 200, schema: RideSchema },
    refusals: [400, 404, 409, 413, 415],
  },
  "GET /unicorns": {
    summary: "The fleet and who is free",
    success: { status: 200, schema: FleetSchema },
    refusals: [],
  },
  "GET /me": {
    summary: "The rider's totals: completed rides, money charged, since when (fed by the change stream)",
    success: { status: 200, schema: RiderTotalsSchema },
    refusals: [],
  },
  "POST /ride": {
    summary: "Request a unicorn (the original Wild Rydes workshop contract)",
    request: LegacyRideBody,
    success: { status: 201, schema: LegacyRideSchema },
    refusals: [400, 409, 413, 415, 422],
    idempotent: true,
  },
};

const schema = (s: z.ZodMiniType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (s: z.ZodMiniType) => ({ content: { "application/json": { schema: schema(s) } } });
const errorResponse = { description: "Refused: see error.code", ...json(ErrorSchema) };

export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const op = operations[`${route.method} ${route.path}`];
    if (!op) throw new Error(`No OpenAPI description for ${route.method} ${route.path}`);
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
      })),
      ...Object.entries(op.query ?? {}).map(([name, q]) => ({ name, in: "query", required: false, ...q })),
      ...(op.idempotent
        ? [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
            },
          ]
        : []),
    ];
    const responses: Record<string, unknown> = {
      [op.success.status]: { description: "OK", ...json(op.success.schema) },
      401: { description: "Missing, expired or foreign token" },
      500: errorResponse,
      503: errorResponse,
    };
    for (const status of op.refusals) responses[status] = errorResponse;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      summary: op.summary,
      operationId: route.handler.split("/").slice(2).join("."),
      parameters,
      ...(op.request ? { requestBody: { required: true, ...json(op.request) } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Wild Rydes API", version: "1.0.0" },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ cognito: [] }],
    components: { securitySchemes: { cognito: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    paths,
  };
}

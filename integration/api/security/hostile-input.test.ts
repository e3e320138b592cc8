/**
 * Hostile input: hundreds of malformed requests against every route that takes a body (quotes, rides by trip or by
 * quote, the workshop's ride, boarding, cancelling, rating) and the query of GET /rides, plus well-formed requests
 * for what does not exist or is not allowed. Every answer must be a 4xx in the API's error shape (never a 5xx),
 * nothing may change, and the stack keeps serving.
 */
import {
  ErrorSchema,
  NoOptionsBody,
  QuoteBody,
  RatingBody,
  RequestRideBody,
  WorkshopRideBody,
} from "@wildrydes/core/rules/api-shapes";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { newRider, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, type Call, nearby, riderApi } from "@wildrydes/testing/rider-api";
import { seattle } from "@wildrydes/testing/seattle-points";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { hostileBodies, hostileQueries, isRefusedQuery } from "./hostile-corpus";

// A stack of its own, so its handlers run in this process and a polluted Object.prototype shows here.
let stack: Stack;
let api: Call;
let rider: Rider;
let rideId: string;

beforeAll(async () => {
  // Unthrottled: hundreds of requests in a few seconds would otherwise meet API Gateway's 429 (tested elsewhere).
  stack = await startStack({ web: false, throttle: false });
  api = apiClient(stack.endpoints);
  rider = await newRider(stack.endpoints);
  // The rider's one active ride, on its way (its unicorn is a few hundred metres off): the target of the ride routes.
  rideId = (await riderApi(stack.endpoints, rider.accessToken).requestRide(seattle)).rideId;
}, 90_000);

afterAll(async () => stack?.stop());

interface Case {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

const trip = { pickup: seattle, dropoff: nearby(seattle) };
const valid = JSON.stringify(trip);
const sydney = { latitude: -33.87, longitude: 151.21 };
/** The other shape of a ride request: by quote. */
const byQuote = z.strictObject({ quoteId: z.string().check(z.minLength(1), z.maxLength(64)) });
const workshopValid = JSON.stringify({ PickupLocation: { Latitude: seattle.latitude, Longitude: seattle.longitude } });
const oneMegabyte = JSON.stringify({ ...trip, padding: "x".repeat(1024 * 1024) });

/** Bodies every JSON route must refuse, whatever its schema. */
function handWritten(
  validBody: string,
  emptyIsValid: boolean,
): { name: string; body: string | Uint8Array<ArrayBuffer>; type?: string }[] {
  const inner = validBody.slice(1, -1);
  return [
    ...["{", "{'pickup':1}", "[1,]", "nul", `${validBody}}`, "\u0000", '{"a":}', "1 2", '"\\ud800"'].map((body) => ({
      name: `invalid JSON ${JSON.stringify(body).slice(0, 20)}`,
      body,
    })),
    ...(emptyIsValid
      ? []
      : [
          { name: "empty body", body: "" },
          { name: "whitespace body", body: " \n" },
        ]),
    { name: "JSON null", body: "null" },
    { name: "JSON array", body: `[${validBody}]` },
    { name: "1e999 (Infinity)", body: validBody.replace(/\d+(\.\d+)?/, "1e999") },
    { name: "__proto__ key", body: `{${inner ? `${inner},` : ""}"__proto__":{"polluted":true}}` },
    { name: "constructor.prototype", body: `{${inner ? `${inner},` : ""}"constructor":{"prototype":{"polluted":1}}}` },
    { name: "duplicate key, last one bad", body: `{${inner ? `${inner},` : ""}"pickup":"here","PickupLocation":7}` },
    { name: "deep array nesting", body: `{"pickup":${"[".repeat(3000)}${"]".repeat(3000)}}` },
    {
      name: "deep object nesting",
      body: `{${inner ? `${inner},` : ""}"x":${'{"a":'.repeat(1000)}1${"}".repeat(1000)}}`,
    },
    { name: "1 MB body", body: oneMegabyte },
    { name: "zero-width key", body: validBody.replace(/"(\w)/, '"$1\u200b') },
    { name: "right-to-left override key", body: `{${inner ? `${inner},` : ""}"\u202eevil":1}` },
    { name: "NUL key", body: `{${inner ? `${inner},` : ""}"\\u0000":1}` },
    { name: "emoji value", body: `{"pickup":"🦄","rating":"⭐"}` },
    { name: "fullwidth digits", body: `{"pickup":{"latitude":"４７","longitude":"-１２２"},"rating":"５"}` },
    { name: "invalid UTF-8", body: new Uint8Array([0x7b, 0xc0, 0xaf, 0xff, 0xfe, 0x7d]) },
    { name: "UTF-16 body", body: new Uint8Array(Buffer.from(`\ufeff${validBody}`, "utf16le")) },
    { name: "text/plain", body: validBody, type: "text/plain" },
    { name: "form encoded", body: "pickup[latitude]=47.6", type: "application/x-www-form-urlencoded" },
    { name: "multipart", body: "--x\r\n\r\n--x--", type: "multipart/form-data; boundary=x" },
    { name: "json-patch type", body: validBody, type: "application/json-patch+json" },
    { name: "xml", body: "<pickup/>", type: "application/xml" },
  ];
}

function corpus(): Case[] {
  const cases: Case[] = [];
  const routes = [
    { path: "/quotes", schema: QuoteBody(), valid, emptyIsValid: false, generated: 35 },
    {
      path: "/rides",
      schema: RequestRideBody(),
      shapes: [QuoteBody(), byQuote],
      valid,
      emptyIsValid: false,
      generated: 50,
    },
    { path: "/ride", schema: WorkshopRideBody(), valid: workshopValid, emptyIsValid: false, generated: 35 },
    { path: `/rides/${rideId}/board`, schema: NoOptionsBody(), valid: "{}", emptyIsValid: true, generated: 12 },
    { path: `/rides/${rideId}/cancel`, schema: NoOptionsBody(), valid: "{}", emptyIsValid: true, generated: 12 },
    {
      path: `/rides/${rideId}/rating`,
      schema: RatingBody(),
      valid: '{"rating":5}',
      emptyIsValid: false,
      generated: 30,
    },
  ];
  routes.forEach((route, i) => {
    for (const body of hostileBodies(route.schema, route.generated, 1000 * (i + 1), route.shapes)) {
      const headers = { "content-type": "application/json" };
      cases.push({ name: `generated ${body.slice(0, 60)}`, method: "POST", path: route.path, body, headers });
    }
    for (const c of handWritten(route.valid, route.emptyIsValid)) {
      if (!c.type && isAccepted(route.schema, c.body)) continue; // e.g. a key swap in "{}", which has no keys
      const headers = { "content-type": c.type ?? "application/json" };
      cases.push({ name: c.name, method: "POST", path: route.path, body: c.body, headers });
    }
  });
  // Header values are bytes: only printable ASCII can be sent, the schema allows [A-Za-z0-9_-] of it.
  for (const key of ["", "a".repeat(65), "key with space", "../../etc/passwd", "k;drop", "k%00", "k\u00e9t"]) {
    const headers = { "content-type": "application/json", "idempotency-key": key };
    cases.push({
      name: `Idempotency-Key ${JSON.stringify(key)}`,
      method: "POST",
      path: "/rides",
      body: valid,
      headers,
    });
  }
  // Parsed as JSON, but naming what is not there or asking what is not allowed: refused after the lookups.
  const wellFormed: [string, unknown][] = [
    ["/quotes", { pickup: sydney, dropoff: seattle }],
    ["/rides", { pickup: seattle, dropoff: sydney }],
    ["/rides", trip], // the rider already has a ride
    ["/rides", { quoteId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", ...trip }], // both shapes at once: a 400
    ["/rides", { quoteId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }],
    ["/rides", { quoteId: "../PROFILE" }],
    ["/rides", { quoteId: `QUOTE#${rideId}` }],
    [`/rides/${rideId}/rating`, { rating: 5 }], // not completed
    ...["01ARZ3NDEKTSV4RRFFQ69G5FAV", "<script>", "..%2F..%2Funicorns", "current"].flatMap(
      (id): [string, unknown][] => [
        [`/rides/${id}/board`, {}],
        [`/rides/${id}/cancel`, {}],
        [`/rides/${id}/rating`, { rating: 3 }],
      ],
    ),
  ];
  for (const [path, body] of wellFormed) {
    const headers = { "content-type": "application/json" };
    cases.push({
      name: `well-formed ${JSON.stringify(body)}`,
      method: "POST",
      path,
      body: JSON.stringify(body),
      headers,
    });
  }
  const queries = [...hostileQueries(40, 7000), "limit=NaN", "limit=Infinity", "limit=-1", "limit=51", "cursor="];
  for (const query of queries) {
    if (!isRefusedQuery(query)) throw new Error(`corpus bug: GET /rides?${query} is a valid query`);
    cases.push({ name: `GET /rides?${query.slice(0, 60)}`, method: "GET", path: `/rides?${query}` });
  }
  for (const id of ["%E0%A4%A", "..%2F..%2Funicorns", "<script>", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "%00"]) {
    cases.push({ name: `GET /rides/${id}`, method: "GET", path: `/rides/${id}` });
  }
  return cases;
}

function isAccepted(schema: z.ZodMiniType, body: string | Uint8Array<ArrayBuffer>): boolean {
  try {
    return typeof body === "string" && schema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

const statusOf: Record<string, number> = {
  VALIDATION_ERROR: 400,
  NOT_FOUND: 404,
  RIDE_IN_PROGRESS: 409,
  INVALID_RIDE_STATE: 409,
  QUOTE_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  OUTSIDE_SERVICE_AREA: 422,
};

describe("hostile input", () => {
  it("refuses every malformed request with a 4xx in the API's error shape, and keeps serving", async () => {
    const cases = corpus();
    const problems: string[] = [];
    const tally: Record<number, number> = {};
    const queue = [...cases];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const headers = { authorization: `Bearer ${rider.accessToken}`, ...c.headers };
          const response = await fetch(`${stack.endpoints.apiUrl}${c.path}`, {
            method: c.method,
            headers,
            body: c.body,
          });
          const text = await response.text();
          tally[response.status] = (tally[response.status] ?? 0) + 1;
          let shaped = false;
          try {
            const body = z.strictObject(ErrorSchema.shape).parse(JSON.parse(text));
            shaped = statusOf[body.error.code] === response.status && body.error.message.length > 0;
          } catch {
            shaped = false;
          }
          if (!shaped)
            problems.push(`${c.method} ${c.path.slice(0, 50)} [${c.name}] -> ${response.status} ${text.slice(0, 120)}`);
        }
      }),
    );
    console.log(`hostile input: ${cases.length} malformed requests sent, answers by status:`, tally);
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(problems).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined(); // the handlers run in this very process

    // Nothing changed: the rider's one ride is still theirs and not yet boarded, and no refused request made a ride.
    const list = await api("GET", "/rides", { token: rider.accessToken });
    expect(list.body.rides.map((r: { rideId: string }) => r.rideId)).toEqual([rideId]);
    expect(["EN_ROUTE", "ARRIVED"]).toContain(list.body.rides[0].status);
    const blocked = await api("POST", "/rides", { token: rider.accessToken, body: trip });
    expect([blocked.status, blocked.body.error.details]).toEqual([409, { rideId }]);
    expect((await api("POST", `/rides/${rideId}/cancel`, { token: rider.accessToken })).status).toBe(200);
    const normal = await api("POST", "/rides", { token: rider.accessToken, body: trip });
    expect(normal.status).toBe(201);
    expect((await api("POST", `/rides/${normal.body.rideId}/cancel`, { token: rider.accessToken })).status).toBe(200);
  }, 90_000);
});

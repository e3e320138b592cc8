/**
 * The Wild Rydes API over fetch, for integration tests, e2e scenes and the bench: `apiClient` answers anything
 * with its status for assertions; `riderApi` is one rider's typed calls for arranging a scene, throwing on refusal.
 */

import { type BookedRide, hasUnicorn } from "@wildrydes/core/rules/api-shapes";
import type { Location } from "@wildrydes/core/rules/geo";
import type { FleetMember } from "@wildrydes/core/store/fleet";
import type { Quote } from "@wildrydes/core/store/quotes";
import type { Ride } from "@wildrydes/core/store/ride-item";

// Answers are loosely typed by default: tests assert their shape, often against the API's zod schemas.
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of any shape, checked by each test's assertions
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as the whole `Authorization` header, as is (a bare token, a wrong scheme). */
  rawAuthorization?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with whatever content-type `headers` name. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Where the API answers: the stack's `Endpoints` will do. */
export interface ApiSide {
  apiUrl: string;
}

export function apiClient({ apiUrl }: ApiSide) {
  // biome-ignore lint/suspicious/noExplicitAny: see Answer
  return async function call<T = any>(method: string, path: string, o: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.rawAuthorization !== undefined) headers.authorization = o.rawAuthorization;
    let body = o.rawBody;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${apiUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
}

export type Call = ReturnType<typeof apiClient>;

export interface RidePage {
  rides: Ride[];
  nextCursor: string | null;
}

/** About 111 m north: a trip of a few seconds, so tests that ride to the end stay fast. */
export function nearby(from: Location, metres = 111): Location {
  return { latitude: Number((from.latitude + metres / 111_000).toFixed(6)), longitude: from.longitude };
}

/**
 * The ride with its unicorn, as a v2 rider always meets it (bots book at once); anything else, a ride still
 * DISPATCHING or cancelled before a unicorn accepted, throws naming its status. `where` says where the ride came from.
 */
export function booked<R extends Ride>(ride: R, where = "the ride"): R & BookedRide {
  if (hasUnicorn(ride)) return ride;
  throw new Error(`${where}: ride ${ride.rideId} is ${ride.status} with no unicorn, where a booked ride was expected`);
}

/**
 * One rider's calls, typed with core's own types: for arranging a scene fast, never for the behaviour under test.
 * The calls answering one ride expect it booked (see `booked`); `requestAnyRide` takes a ride as it comes.
 */
export function riderApi(side: ApiSide, token: string) {
  const call = apiClient(side);
  const ok = async <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const answer = await call<T>(method, path, { token, body, headers });
    if (answer.status >= 300)
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const bookedRide = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    booked(await ok<Ride>(method, path, body, headers), `${method} ${path}`);
  /**
   * A v2 test's ride, booked by a bot. On a shared stack another file may have a crewed unicorn on shift for a moment
   * (its own test of shifts), and a ride near it then waits DISPATCHING, as the contract says: withdraw it, ask again.
   */
  const botRide = async (request: () => Promise<Ride>) => {
    for (let attempt = 1; ; attempt++) {
      const ride = await request();
      if (hasUnicorn(ride) || attempt === 3) return booked(ride, "POST /rides");
      await call("POST", `/rides/${ride.rideId}/cancel`, { token });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const once = (idempotencyKey?: string) => (idempotencyKey ? { "idempotency-key": idempotencyKey } : undefined);
  const api = {
    quote: (pickup: Location, dropoff: Location) => ok<Quote>("POST", "/quotes", { pickup, dropoff }),
    /** A ride from `pickup` to `dropoff` (by default a short hop north of the pickup, to keep trips quick). */
    requestRide: (pickup: Location, dropoff: Location = nearby(pickup), idempotencyKey?: string) =>
      botRide(() => ok<Ride>("POST", "/rides", { pickup, dropoff }, once(idempotencyKey))),
    /** As requestRide, for a test that may meet a crewed unicorn's dispatch: the ride as answered, DISPATCHING too. */
    requestAnyRide: (pickup: Location, dropoff: Location = nearby(pickup), idempotencyKey?: string) =>
      ok<Ride>("POST", "/rides", { pickup, dropoff }, once(idempotencyKey)),
    requestQuoted: (quoteId: string) => botRide(() => ok<Ride>("POST", "/rides", { quoteId })),
    ride: (rideId: string) => bookedRide("GET", `/rides/${rideId}`),
    currentRide: () => bookedRide("GET", "/rides/current"),
    board: (rideId: string) => bookedRide("POST", `/rides/${rideId}/board`),
    cancelRide: (rideId: string) => bookedRide("POST", `/rides/${rideId}/cancel`),
    rate: (rideId: string, rating: number) => bookedRide("POST", `/rides/${rideId}/rating`, { rating }),
    rides: async (limit = 50) => (await ok<RidePage>("GET", `/rides?limit=${limit}`)).rides,
    unicorns: async () => (await ok<{ unicorns: FleetMember[] }>("GET", "/unicorns")).unicorns,
    /**
     * Cancels the rider's rides not yet boarded, leaving a shared fleet as the test found it: a ride still waiting for
     * a crewed unicorn's answer (DISPATCHING) too, which withdraws its open offer and frees the unicorn it held.
     */
    cancelActiveRides: async () => {
      const cancellable = (r: Ride) => ["DISPATCHING", "EN_ROUTE", "ARRIVED"].includes(r.status);
      const cancel = async (ride: Ride) => {
        const answer = await call<Ride>("POST", `/rides/${ride.rideId}/cancel`, { token });
        // A DISPATCHING ride may end on its own meanwhile (no unicorn accepted): only a ride still open is a failure.
        if (answer.status === 200 || !cancellable(await ok<Ride>("GET", `/rides/${ride.rideId}`))) return;
        throw new Error(`cancelling ${ride.rideId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      };
      await Promise.all((await api.rides()).filter(cancellable).map(cancel));
    },
  };
  return api;
}

export type RiderApi = ReturnType<typeof riderApi>;

/** The Wild Rydes API client (reference: docs/api.md). Every call carries the rider's access token. */
// One definition of the API's shapes: core's own (type-only, so no server code reaches the bundle).
import type {
  FleetMember,
  Location,
  Quote,
  Rating,
  Ride,
  RidePage,
  RiderTotals,
} from "@wildrydes/core/rules/api-shapes";
import type { FieldProblem } from "@wildrydes/core/rules/errors";
import { ServiceArea } from "@wildrydes/core/rules/fares";
import { RideClock } from "@wildrydes/core/rules/ride-clock";
import { config } from "./config";
import { accessToken } from "./rider-auth";

export type * from "@wildrydes/core/rules/api-shapes";
export type { FieldProblem } from "@wildrydes/core/rules/errors";
export type { RideStatus } from "@wildrydes/core/rules/ride-clock";

/** What the API's `details` carry: the fields that were wrong, or (RIDE_IN_PROGRESS) the active ride. */
export type ProblemDetails = FieldProblem[] | { rideId?: string };

/** An API failure with a message fit to show the rider. */
export class ApiProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: ProblemDetails,
  ) {
    super(message);
    this.name = "ApiProblem";
  }

  /** The ride named by a RIDE_IN_PROGRESS refusal. */
  get activeRideId(): string | undefined {
    return this.details && !Array.isArray(this.details) ? this.details.rideId : undefined;
  }

  /** Which points a refusal names, e.g. ["dropoff"] for an OUTSIDE_SERVICE_AREA destination. */
  get fields(): string[] {
    return Array.isArray(this.details) ? this.details.map((d) => d.field) : [];
  }

  /** Worth another go as it is: the request may not have arrived, or the server had a passing problem. */
  get retryable(): boolean {
    return this.code === "NETWORK" || this.status >= 500;
  }
}

/** A rider-facing sentence for every error code the API can answer; `null` = the server's own sentence is best. */
const friendly: Record<string, string | null> = {
  VALIDATION_ERROR: "Some details of that request weren't valid. Check your pickup and destination and try again.",
  UNAUTHORIZED: "Your session has ended. Please sign in again.",
  NOT_FOUND: "We couldn't find that ride or price. It may have been made with another account.",
  NO_UNICORN_AVAILABLE: null,
  RIDE_IN_PROGRESS: "You already have a ride under way, perhaps from another tab or device. Here it is.",
  // The server explains which state the ride is in, e.g. "This ride is cancelled, so it cannot be boarded."
  INVALID_RIDE_STATE: null,
  QUOTE_EXPIRED: "That price has expired. Here is a fresh one: check it and request again.",
  OUTSIDE_SERVICE_AREA: `${ServiceArea.sentence}. Choose points inside that area.`,
  PAYLOAD_TOO_LARGE: "That request was too large to send. Reload the page and try again.",
  UNSUPPORTED_MEDIA_TYPE: "The app sent something the server couldn't read. Reload the page and try again.",
  IDEMPOTENCY_KEY_REUSED: "That request clashed with an earlier one. Please try again.",
  // The server's sentence carries a reference id that support can find in the logs.
  INTERNAL: null,
  UNAVAILABLE: "Wild Rydes is busy right now. Please try again in a moment.",
  NETWORK: "We couldn't reach Wild Rydes. Check your connection and try again.",
};

export function messageFor(code: string, serverMessage?: string): string {
  return friendly[code] ?? serverMessage ?? "Something went wrong. Please try again.";
}

/** Pages listen for this to send the rider to sign in; one place decides what a 401 means. */
export const sessionExpiredEvent = "wildrydes:session-expired";

async function problemFrom(response: Response): Promise<ApiProblem> {
  let code = response.status === 401 ? "UNAUTHORIZED" : `HTTP_${response.status}`;
  let message: string | undefined;
  let details: ProblemDetails | undefined;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (typeof body.error?.code === "string") code = body.error.code;
    if (typeof body.error?.message === "string") message = body.error.message;
    if (typeof body.error?.details === "object" && body.error.details) details = body.error.details as ProblemDetails;
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): keep the generic sentence.
  }
  return new ApiProblem(code, messageFor(code, message), response.status, details);
}

function sessionExpired(): ApiProblem {
  if (typeof window !== "undefined") window.dispatchEvent(new Event(sessionExpiredEvent));
  return new ApiProblem("UNAUTHORIZED", messageFor("UNAUTHORIZED"), 401);
}

/** One API call with the session's token: the answer's JSON, or an ApiProblem (a 401 also ends the session). */
export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const token = await accessToken();
  if (!token) throw sessionExpired();
  let response: Response;
  try {
    response = await fetch(`${config.apiUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiProblem("NETWORK", messageFor("NETWORK"), 0);
  }
  if (response.status === 401) throw sessionExpired();
  if (!response.ok) throw await problemFrom(response);
  return (await response.json()) as T;
}

/** Any failure as an ApiProblem, so pages have one shape to show. */
export function asProblem(error: unknown): ApiProblem {
  return error instanceof ApiProblem ? error : new ApiProblem("UNKNOWN", messageFor("UNKNOWN"), 0);
}

/** A fresh Idempotency-Key: one per rider action, so a retried request never books a second unicorn. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** An upfront price for a trip, held for two minutes. */
export function quote(pickup: Location, dropoff: Location): Promise<Quote> {
  return call<Quote>("POST", "/quotes", { pickup, dropoff });
}

/** Books the quoted trip at the quoted fare. */
export function requestRide(quoteId: string, idempotencyKey: string): Promise<Ride> {
  return call<Ride>("POST", "/rides", { quoteId }, { "Idempotency-Key": idempotencyKey });
}

/** The rider's active ride, or null when there is none. */
/**
 * The rider's active ride, or null. Read as the newest ride (GET /rides?limit=1) rather than GET /rides/current, whose
 * 404 for "no ride" the browser logs as an error on every visit: a rider can only book when nothing is active, so an
 * active ride is always the newest one.
 */
export async function currentRide(): Promise<Ride | null> {
  const [newest] = (await listRides(1)).rides;
  return newest && RideClock.isActive(RideClock.statusAt(newest, Date.now())) ? newest : null;
}

export function listRides(limit: number, cursor?: string | null): Promise<RidePage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set("cursor", cursor);
  return call<RidePage>("GET", `/rides?${query}`);
}

export function getRide(rideId: string): Promise<Ride> {
  return call<Ride>("GET", `/rides/${encodeURIComponent(rideId)}`);
}

export function cancelRide(rideId: string): Promise<Ride> {
  return call<Ride>("POST", `/rides/${encodeURIComponent(rideId)}/cancel`);
}

export function board(rideId: string): Promise<Ride> {
  return call<Ride>("POST", `/rides/${encodeURIComponent(rideId)}/board`);
}

export function rate(rideId: string, rating: Rating): Promise<Ride> {
  return call<Ride>("POST", `/rides/${encodeURIComponent(rideId)}/rating`, { rating });
}

export async function listUnicorns(): Promise<FleetMember[]> {
  return (await call<{ unicorns: FleetMember[] }>("GET", "/unicorns")).unicorns;
}

/** One unicorn's figures (rating, rides), or null if it has left the fleet: the API has no single-unicorn read. */
export async function unicornStats(name: string): Promise<FleetMember | null> {
  return (await listUnicorns()).find((unicorn) => unicorn.name === name) ?? null;
}

/** The rider's completed rides, what they spent and since when (counted a few seconds after each ride ends). */
export function myTotals(): Promise<RiderTotals> {
  return call<RiderTotals>("GET", "/me");
}

/** The Wild Rydes API client (contract: /work/shared/API.md). Every call carries the rider's access token. */
import { accessToken } from "./auth";
import { config } from "./config";

export interface Location {
  latitude: number;
  longitude: number;
}

export interface Unicorn {
  name: string;
  color: string;
  gender: "Male" | "Female";
}

export type RideStatus = "EN_ROUTE" | "ARRIVED" | "COMPLETED" | "CANCELLED";

export interface Ride {
  rideId: string;
  status: RideStatus;
  pickup: Location;
  unicorn: Unicorn;
  requestedAt: string;
  arrivesAt: string;
  etaSeconds: number;
  completedAt?: string;
  cancelledAt?: string;
  rating?: 1 | 2 | 3 | 4 | 5;
}

/** An API failure with a message fit to show the rider. */
export class ApiProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiProblem";
  }
}

// Where the server's own sentence is too technical or a next step helps, say it our way.
const friendly: Record<string, string> = {
  UNAUTHORIZED: "Your session has ended. Please sign in again.",
  NO_UNICORN_AVAILABLE: "Every unicorn near your pickup is busy right now. Try again in a minute.",
  UNAVAILABLE: "Wild Rydes is busy right now. Please try again in a moment.",
  NETWORK: "We couldn't reach Wild Rydes. Check your connection and try again.",
};

async function problemFrom(response: Response): Promise<ApiProblem> {
  let code = response.status === 401 ? "UNAUTHORIZED" : `HTTP_${response.status}`;
  let message = "Something went wrong. Please try again.";
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === "string") code = body.error.code;
    if (typeof body.error?.message === "string") message = body.error.message;
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): keep the generic sentence.
  }
  return new ApiProblem(code, friendly[code] ?? message, response.status);
}

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const token = await accessToken();
  if (!token) throw new ApiProblem("UNAUTHORIZED", friendly.UNAUTHORIZED as string, 401);
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
    throw new ApiProblem("NETWORK", friendly.NETWORK as string, 0);
  }
  if (!response.ok) throw await problemFrom(response);
  return (await response.json()) as T;
}

/** A fresh Idempotency-Key: one per rider action, so a retried request never books a second unicorn. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function requestRide(pickup: Location, idempotencyKey: string): Promise<Ride> {
  return call<Ride>("POST", "/rides", { pickup }, { "Idempotency-Key": idempotencyKey });
}

/** Test support: a running local stack, new riders with real Cognito tokens, and a small API client. */
import { randomUUID } from "node:crypto";
import { createRider, type Tokens } from "@wildrydes/local/riders";
import type { Endpoints } from "@wildrydes/local/stack";

export interface Rider extends Tokens {
  email: string;
  password: string;
}

/** Registers, verifies with the fixed code and signs in a brand-new rider, through Cognito's own API calls. */
export async function newRider(endpoints: Endpoints): Promise<Rider> {
  const email = `rider-${randomUUID()}@example.com`;
  const password = "Unicorn-Rides-2026";
  const tokens = await createRider(
    { endpoint: endpoints.cognitoEndpoint, clientId: endpoints.userPoolClientId, code: endpoints.verificationCode },
    email,
    password,
  );
  return { email, password, ...tokens };
}

// Answers are loosely typed on purpose: tests assert their shape, often against the API's zod schemas.
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of any shape, checked by each test's assertions
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the API through the gateway emulator; `token` goes in `Authorization` as `Bearer <token>` unless raw. */
export function apiClient(endpoints: Endpoints) {
  // biome-ignore lint/suspicious/noExplicitAny: see ApiResponse
  return async function call<T = any>(
    method: string,
    path: string,
    options: {
      token?: string;
      rawAuthorization?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.rawAuthorization !== undefined) headers.authorization = options.rawAuthorization;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${endpoints.apiUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
}

/** Downtown, between unicorns: no unicorn stands exactly here, so every ride has a positive ETA. */
export const seattle = { latitude: 47.615, longitude: -122.33 };

/** The claims of a token, unverified: for assertions only. */
export function claimsOf(token: string): Record<string, string> {
  return JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString());
}

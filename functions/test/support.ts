/** Test support: a running local stack, new riders with real Cognito tokens, and a small API client. */
import { randomUUID } from "node:crypto";
import type { Endpoints } from "@wildrydes/local/stack";

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

export interface Rider extends Tokens {
  email: string;
  password: string;
}

async function cognito<T>(endpoints: Endpoints, action: string, body: unknown): Promise<T> {
  const response = await fetch(endpoints.cognitoEndpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${action} failed: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Registers, verifies with the fixed code and signs in a brand-new rider, as the web app does. */
export async function newRider(endpoints: Endpoints): Promise<Rider> {
  const email = `rider-${randomUUID()}@example.com`;
  const password = "Unicorn-Rides-2026";
  const ClientId = endpoints.userPoolClientId;
  await cognito(endpoints, "SignUp", {
    ClientId,
    Username: email,
    Password: password,
    UserAttributes: [{ Name: "email", Value: email }],
  });
  await cognito(endpoints, "ConfirmSignUp", { ClientId, Username: email, ConfirmationCode: endpoints.verificationCode });
  const { AuthenticationResult: r } = await cognito<{
    AuthenticationResult: { AccessToken: string; IdToken: string; RefreshToken: string };
  }>(endpoints, "InitiateAuth", {
    ClientId,
    AuthFlow: "USER_PASSWORD_AUTH",
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  return { email, password, accessToken: r.AccessToken, idToken: r.IdToken, refreshToken: r.RefreshToken };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the API through the gateway emulator; `token` goes in `Authorization` as `Bearer <token>` unless raw. */
export function apiClient(endpoints: Endpoints) {
  return async function call<T = any>(
    method: string,
    path: string,
    options: { token?: string; rawAuthorization?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
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

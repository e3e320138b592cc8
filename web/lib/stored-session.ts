/** The session Amplify keeps in localStorage, read without loading Amplify (docs/decisions/0002). */
import { groupsOf } from "@wildrydes/core/rules/roles";
import { config } from "./config";

/** Amplify v6's key layout: `CognitoIdentityServiceProvider.<client id>.<username>.<name>`. */
const prefix = () => `CognitoIdentityServiceProvider.${config.userPoolClientId}`;
export const lastAuthUserKey = () => `${prefix()}.LastAuthUser`;

// Wider than Amplify's own 5 s, so a token read here is still valid when the request reaches the API.
const freshFor = 60_000;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

// Every API call reads the session: each token is decoded once (a rider holds two, and a refresh brings two more).
const decoded = new Map<string, Record<string, unknown> | null>();

function claims(jwt: string | null): Record<string, unknown> | null {
  if (!jwt) return null;
  if (!decoded.has(jwt)) {
    if (decoded.size >= 4) decoded.clear();
    decoded.set(jwt, decode(jwt));
  }
  return decoded.get(jwt) ?? null;
}

function decode(jwt: string): Record<string, unknown> | null {
  const payload = jwt.split(".")[1];
  if (!payload) return null;
  try {
    const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface StoredSession {
  accessToken: string;
  email: string;
  /** The account's roles: its Cognito groups, as the access token names them (the API reads the same claim). */
  groups: string[];
}

/** The stored session if both tokens are there and good for another minute by Amplify's clock; otherwise null. */
export function freshStoredSession(now = Date.now()): StoredSession | null {
  const username = read(lastAuthUserKey());
  if (!username) return null;
  const key = (name: string) => `${prefix()}.${username}.${name}`;
  const accessToken = read(key("accessToken"));
  const access = claims(accessToken);
  const id = claims(read(key("idToken")));
  if (!accessToken || !access || !id) return null;
  const drift = Number.parseInt(read(key("clockDrift")) ?? "0", 10) || 0;
  const fresh = (exp: unknown) => typeof exp === "number" && now + drift + freshFor < exp * 1000;
  if (!fresh(access.exp) || !fresh(id.exp)) return null;
  return {
    accessToken,
    email: typeof id.email === "string" ? id.email : username,
    groups: groupsOf(access["cognito:groups"]),
  };
}

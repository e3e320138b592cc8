/**
 * Tokens for tests: read them (jose, unverified: for assertions only), tamper with them, and mint them, either with
 * cognito-local's own signing key (which its package ships) or with a stranger's key claiming the same kid.
 */
import { createPublicKey } from "node:crypto";
import { createRequire } from "node:module";
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from "jose";

const require = createRequire(import.meta.url);
const poolPrivate = require("cognito-local/lib/keys/cognitoLocal.private.json") as { jwk: JWK };
const poolPublic = require("cognito-local/lib/keys/cognitoLocal.public.json") as { jwk: JWK };
const poolKid = "CognitoLocal";

export const claimsOf = (token: string) => decodeJwt(token);
export const headerOf = (token: string) => decodeProtectedHeader(token);

/** The pool's public keys, as the authorizer would fetch them. */
export const poolJwks = createLocalJWKSet({ keys: [poolPublic.jwk] });

/** Signs with cognito-local's real private key: a genuine token, judged on its claims alone. */
export async function signAsPool(claims: JWTPayload, header: { kid?: string } = {}): Promise<string> {
  const key = await importJWK(poolPrivate.jwk, "RS256");
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: header.kid ?? poolKid }).sign(key);
}

/**
 * Tokens signed with the pool's real key whose header or claims API Gateway's JWT authorizer refuses: only a
 * verifier that checks more than the signature notices.
 */
export const poolForgery = {
  /** No `kid` in the header: API Gateway cannot pick a key (a lax verifier tries the JWKS's only one). */
  withoutKid: async (claims: JWTPayload) =>
    new SignJWT(claims).setProtectedHeader({ alg: "RS256" }).sign(await importJWK(poolPrivate.jwk, "RS256")),
  /** Issued `seconds` after its own `iat` (default ten minutes): `iat` in the future. */
  issuedInTheFuture: (claims: JWTPayload, seconds = 600) =>
    signAsPool({ ...claims, iat: (claims.iat ?? Math.floor(Date.now() / 1000)) + seconds }),
  /** Our `client_id` but another client's `aud`: API Gateway judges `aud` when there is one. */
  foreignAudience: (claims: JWTPayload) => signAsPool({ ...claims, aud: "someoneelsesclient" }),
  /** No `sub`: no rider to act for. */
  withoutSub: (claims: JWTPayload) =>
    signAsPool(Object.fromEntries(Object.entries(claims).filter(([k]) => k !== "sub"))),
};

/** Signs with a freshly generated key that claims cognito-local's kid: a forgery. */
export async function signAsStranger(claims: JWTPayload): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: poolKid }).sign(privateKey);
}

/** The claims of a pool access token for `clientId`, issued `now` (seconds) and valid for `ttl` seconds. */
export function accessClaims(o: { issuer: string; clientId: string; now?: number; ttl?: number }): JWTPayload {
  const now = o.now ?? Math.floor(Date.now() / 1000);
  return {
    sub: "11111111-2222-3333-4444-555555555555",
    client_id: o.clientId,
    token_use: "access",
    scope: "aws.cognito.signin.user.admin",
    username: "11111111-2222-3333-4444-555555555555",
    iss: o.issuer,
    iat: now,
    exp: now + (o.ttl ?? 3600),
  };
}

/** A genuine token whose payload was edited afterwards: the signature no longer matches, only a verifier notices. */
export function tampered(token: string, changes: JWTPayload): string {
  const [header, , signature] = token.split(".");
  const payload = Buffer.from(JSON.stringify({ ...claimsOf(token), ...changes })).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The same token with a broken signature: still unexpired, so a client uses it and the API must refuse it. */
export function brokenSignature(token: string): string {
  const [header, payload, signature = ""] = token.split(".");
  return `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
}

/** The classic forgeries of a verifier that trusts the token's own `alg`. */
export const forge = {
  /** `alg: none`, no signature at all. */
  unsigned: (claims: JWTPayload) => new UnsecuredJWT(claims).encode(),
  /** HS256 with cognito-local's PUBLIC key (as PEM text) for the HMAC secret: key confusion. */
  withPublicKeyAsSecret: (claims: JWTPayload) => {
    const pem = createPublicKey({ key: poolPublic.jwk, format: "jwk" }).export({ type: "spki", format: "pem" });
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: poolKid })
      .sign(new TextEncoder().encode(String(pem)));
  },
};

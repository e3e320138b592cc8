/** Signing keys for tests: cognito-local's own key pair (it ships it) and a stranger's key for forgeries. */
import { createPublicKey } from "node:crypto";
import { createRequire } from "node:module";
import { createLocalJWKSet, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT, UnsecuredJWT } from "jose";

const require = createRequire(import.meta.url);
const cognitoPrivate = require("cognito-local/lib/keys/cognitoLocal.private.json") as { jwk: JWK };
const cognitoPublic = require("cognito-local/lib/keys/cognitoLocal.public.json") as { jwk: JWK };

export const cognitoJwks = createLocalJWKSet({ keys: [cognitoPublic.jwk] });

/** Signs with cognito-local's real private key: the gateway must judge these on claims alone. */
export async function signAsCognito(claims: JWTPayload, header: { kid?: string } = {}): Promise<string> {
  const key = await importJWK(cognitoPrivate.jwk, "RS256");
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: header.kid ?? "CognitoLocal" }).sign(key);
}

/** Signs with a freshly generated key that claims cognito-local's kid: a forgery. */
export async function signAsStranger(claims: JWTPayload): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "CognitoLocal" }).sign(privateKey);
}

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

/** The classic forgeries of a verifier that trusts the token's own `alg`. */
export const forge = {
  /** `alg: none`, no signature at all. */
  unsigned: (claims: JWTPayload) => new UnsecuredJWT(claims).encode(),
  /** HS256 with cognito-local's PUBLIC key (as PEM text) for the HMAC secret: key confusion. */
  withPublicKeyAsSecret: (claims: JWTPayload) => {
    const pem = createPublicKey({ key: cognitoPublic.jwk, format: "jwk" }).export({ type: "spki", format: "pem" });
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: "CognitoLocal" })
      .sign(new TextEncoder().encode(String(pem)));
  },
  /** A genuine token whose payload was edited afterwards (the signature no longer matches). */
  tampered: (token: string, changes: JWTPayload) => {
    const [header, payload, signature] = token.split(".");
    const claims = { ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()), ...changes };
    return `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
  },
};

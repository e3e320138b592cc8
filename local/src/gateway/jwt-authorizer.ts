/**
 * API Gateway's JWT authorizer, locally: the token must be an RS256 JWT whose `kid` names a key in the pool's JWKS,
 * from the pool's issuer, with a `sub`, an `exp` in the future and no `iat` or `nbf` in the future, and minted for
 * one of the configured app clients (`aud` when the token has one, else `client_id`). Anything else is
 * "Unauthorized" and the handler never runs.
 *
 * Token policy (docs/api.md, "Authentication"): like API Gateway with `audiences = [web client id]`, both token kinds of OUR app client
 * are accepted — the access token (what the web app sends) and the id token — and `token_use` is not checked;
 * tokens of any other client, issuer or key, and anything not RS256, are refused.
 */
import { createRemoteJWKSet, decodeProtectedHeader, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";

export interface JwtAuthorizerOptions {
  issuer: string;
  /** The authorizer's `audiences`: app client ids whose tokens are accepted. */
  audiences: string[];
  /** Where the signing keys come from: a JWKS URL or a key resolver (tests inject one). */
  jwks: string | JWTVerifyGetKey;
  /** Seconds since the epoch; injectable so expiry can be tested without waiting. */
  now?: () => number;
}

export interface AuthorizedRequest {
  /** As API Gateway passes them: every value a string. */
  claims: Record<string, string>;
  scopes: string[] | null;
}

export type JwtAuthorizer = (authorizationHeader: string | undefined) => Promise<AuthorizedRequest | null>;

export function createJwtAuthorizer(o: JwtAuthorizerOptions): JwtAuthorizer {
  const keys = typeof o.jwks === "string" ? createRemoteJWKSet(new URL(o.jwks)) : o.jwks;
  return async (header) => {
    // API Gateway takes "Bearer <token>" or the bare token (the original Wild Rydes front end sends it bare).
    const token = header?.trim().replace(/^Bearer\s+/i, "");
    if (!token) return null;
    let payload: JWTPayload;
    try {
      // API Gateway picks the key by the token's kid; without one jose would try the JWKS's only key.
      if (typeof decodeProtectedHeader(token).kid !== "string") return null;
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ["RS256"],
        issuer: o.issuer,
        currentDate: o.now ? new Date(o.now() * 1000) : undefined,
        requiredClaims: ["exp", "sub"],
      }));
    } catch {
      return null;
    }
    const now = o.now?.() ?? Date.now() / 1000;
    // jose checks nbf and exp; API Gateway also wants iat in the past.
    if (payload.iat !== undefined && payload.iat > now) return null;
    if (typeof payload.sub !== "string" || !payload.sub) return null;
    // API Gateway judges aud when the token has one, and client_id only when it has none.
    const audiences = payload.aud !== undefined ? [payload.aud].flat() : [payload.client_id];
    if (!audiences.some((aud) => typeof aud === "string" && o.audiences.includes(aud))) return null;
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ").filter(Boolean) : null;
    return { claims: toClaims(payload), scopes };
  };
}

/** API Gateway hands claims to the Lambda as strings (numbers and booleans stringified, arrays kept as "[a b]"). */
function toClaims(payload: JWTPayload): AuthorizedRequest["claims"] {
  const claims: AuthorizedRequest["claims"] = {};
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[name] = `[${value.join(" ")}]`;
    else if (value !== null && typeof value === "object") claims[name] = JSON.stringify(value);
    else if (value !== undefined) claims[name] = String(value);
  }
  return claims;
}

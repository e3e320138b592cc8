/**
 * API Gateway's JWT authorizer, locally: the token must be an RS256 JWT signed by a key in the pool's JWKS, from
 * the pool's issuer, unexpired, and minted for one of the configured app clients (`aud` on id tokens, `client_id`
 * on access tokens). Anything else is "Unauthorized" and the handler never runs.
 *
 * Token policy (docs/api.md, "Authentication"): like API Gateway with `audiences = [web client id]`, both token kinds of OUR app client
 * are accepted — the access token (what the web app sends) and the id token — and `token_use` is not checked;
 * tokens of any other client, issuer or key, and anything not RS256, are refused.
 */
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";

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
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ["RS256"],
        issuer: o.issuer,
        currentDate: o.now ? new Date(o.now() * 1000) : undefined,
        requiredClaims: ["exp"],
      }));
    } catch {
      return null;
    }
    const audiences = [payload.aud ?? []].flat();
    const clientId = typeof payload.client_id === "string" ? payload.client_id : undefined;
    const forUs =
      audiences.some((aud) => o.audiences.includes(aud)) || (clientId !== undefined && o.audiences.includes(clientId));
    if (!forUs) return null;
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

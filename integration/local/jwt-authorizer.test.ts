import {
  accessClaims,
  forge,
  poolForgery,
  poolJwks,
  signAsPool,
  signAsStranger,
  tampered,
} from "@wildrydes/testing/tokens";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { localIssuer, localPool } from "../../local/src/cognito/cognito-local";
import { createJwtAuthorizer } from "../../local/src/gateway/jwt-authorizer";

const clientId = localPool.webClientId;
const now = 1_900_000_000;
const authorize = createJwtAuthorizer({
  issuer: localIssuer,
  audiences: [clientId],
  jwks: poolJwks,
  now: () => now,
});
const access = () => accessClaims({ issuer: localIssuer, clientId, now });

describe("the local JWT authorizer (API Gateway semantics)", () => {
  it("accepts an access token of the web client, with or without the Bearer prefix", async () => {
    const token = await signAsPool(access());
    const bearer = await authorize(`Bearer ${token}`);
    expect(bearer?.claims.sub).toBe("11111111-2222-3333-4444-555555555555");
    expect(bearer?.claims.exp).toBe(String(now + 3600)); // API Gateway hands claims over as strings
    expect(bearer?.scopes).toEqual(["aws.cognito.signin.user.admin"]);
    expect(await authorize(token)).not.toBeNull();
  });

  it("accepts an id token whose aud is the web client", async () => {
    const { client_id: _, ...claims } = access();
    const token = await signAsPool({ ...claims, token_use: "id", aud: clientId, email: "r@example.com" });
    expect((await authorize(token))?.claims.email).toBe("r@example.com");
  });

  it("rejects a missing or empty token", async () => {
    expect(await authorize(undefined)).toBeNull();
    expect(await authorize("Bearer ")).toBeNull();
    expect(await authorize("not-a-jwt")).toBeNull();
  });

  it("rejects an expired token, judged by the injected clock", async () => {
    const token = await signAsPool(access());
    const later = createJwtAuthorizer({
      issuer: localIssuer,
      audiences: [clientId],
      jwks: poolJwks,
      now: () => now + 3601,
    });
    expect(await authorize(token)).not.toBeNull();
    expect(await later(token)).toBeNull();
  });

  it("rejects a token that is not valid yet (nbf) or has no exp", async () => {
    expect(await authorize(await signAsPool({ ...access(), nbf: now + 600 }))).toBeNull();
    const { exp: _, ...noExp } = access();
    expect(await authorize(await signAsPool(noExp))).toBeNull();
  });

  it("rejects a token without a kid, though the JWKS has a single key a lax verifier would try", async () => {
    expect(await authorize(await poolForgery.withoutKid(access()))).toBeNull();
  });

  it("rejects a token issued in the future (iat), as API Gateway does", async () => {
    expect(await authorize(await poolForgery.issuedInTheFuture(access()))).toBeNull();
    expect(await authorize(await poolForgery.issuedInTheFuture(access(), 1))).toBeNull();
    expect(await authorize(await signAsPool({ ...access(), iat: now }))).not.toBeNull(); // issued this very second
  });

  it("judges aud when the token has one: our client_id with another client's aud is refused", async () => {
    expect(await authorize(await poolForgery.foreignAudience(access()))).toBeNull();
    expect(await authorize(await signAsPool({ ...access(), aud: [clientId] }))).not.toBeNull();
    expect(
      await authorize(await signAsPool({ ...access(), client_id: "anotherclient", aud: clientId })),
    ).not.toBeNull();
  });

  it("rejects a token without a sub (no rider to act for)", async () => {
    expect(await authorize(await poolForgery.withoutSub(access()))).toBeNull();
    expect(await authorize(await signAsPool({ ...access(), sub: "" }))).toBeNull();
  });

  it("rejects a forgery signed by another key under cognito-local's kid", async () => {
    expect(await authorize(await signAsStranger(access()))).toBeNull();
  });

  it("rejects a key id the JWKS does not hold", async () => {
    expect(await authorize(await signAsPool(access(), { kid: "someone-else" }))).toBeNull();
  });

  it("rejects a symmetric (HS256) token even with the right claims", async () => {
    const hs = await new SignJWT(access())
      .setProtectedHeader({ alg: "HS256", kid: "CognitoLocal" })
      .sign(new TextEncoder().encode("a-shared-secret-of-enough-length!!"));
    expect(await authorize(hs)).toBeNull();
  });

  it("rejects another issuer (cognito-local's default issuer, another pool)", async () => {
    expect(
      await authorize(await signAsPool({ ...access(), iss: "http://localhost:9229/us-east-1_LocalPool1" })),
    ).toBeNull();
    expect(
      await authorize(await signAsPool({ ...access(), iss: `${localPool.issuerDomain}/us-east-1_Other` })),
    ).toBeNull();
  });

  it("rejects tokens of another app client, in client_id or aud", async () => {
    expect(await authorize(await signAsPool({ ...access(), client_id: "someotherclient" }))).toBeNull();
    const { client_id: _, ...claims } = access();
    expect(await authorize(await signAsPool({ ...claims, token_use: "id", aud: "someotherclient" }))).toBeNull();
  });

  it("rejects alg none, HS256 keyed with the public key, and a genuine token with an edited payload", async () => {
    expect(await authorize(forge.unsigned(access()))).toBeNull();
    expect(await authorize(await forge.withPublicKeyAsSecret(access()))).toBeNull();
    const genuine = await signAsPool(access());
    expect(await authorize(genuine)).not.toBeNull(); // the edit below is what breaks it
    expect(await authorize(tampered(genuine, { sub: "someone-else" }))).toBeNull();
    expect(await authorize(tampered(genuine, { exp: now + 86_400 * 365 }))).toBeNull();
  });

  it("rejects malformed Authorization values", async () => {
    const token = await signAsPool(access());
    const [header, payload] = token.split(".");
    for (const value of [
      `Basic ${token}`,
      `Bearer Bearer ${token}`,
      `${header}.${payload}`,
      `${token}.extra`,
      `${header}.${payload}.`,
      "a.b.c",
      "....",
      `Bearer ${"x".repeat(10_000)}`,
    ]) {
      expect(await authorize(value), value.slice(0, 40)).toBeNull();
    }
  });

  it("applies the audience policy: any token of our app client (access or id), none of another client", async () => {
    // docs/api.md: like API Gateway's JWT authorizer with audiences = [client id], access tokens match on client_id and
    // id tokens on aud; token_use is not checked, so an id token of the web client is accepted on purpose.
    const { client_id: _, ...base } = access();
    expect(await authorize(await signAsPool({ ...base, token_use: "id", aud: clientId }))).not.toBeNull();
    expect(await authorize(await signAsPool({ ...base, token_use: "access", client_id: clientId }))).not.toBeNull();
    for (const other of [
      { ...base, token_use: "id", aud: "anotherclient" },
      { ...base, token_use: "access", client_id: "anotherclient" },
      { ...base, token_use: "id", aud: ["anotherclient", "third"] },
      { ...base, token_use: "access" }, // neither aud nor client_id
      { ...base, aud: `${clientId} x` },
    ]) {
      expect(await authorize(await signAsPool(other)), JSON.stringify(other)).toBeNull();
    }
  });
});

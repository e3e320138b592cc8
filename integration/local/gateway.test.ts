/**
 * The gateway emulator over a fake route table, authorizing against a real cognito-local (tokens from SignUp +
 * ConfirmSignUp + InitiateAuth), plus the Cognito proxy's gap-fillers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { cors } from "@wildrydes/functions/catalogue/routes";
import {
  accessClaims,
  claimsOf,
  forge,
  poolForgery,
  signAsPool,
  signAsStranger,
  tampered,
} from "@wildrydes/testing/tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CognitoCallError, cognitoCall, createRider, signIn, type Tokens } from "../../local/src/cognito/accounts";
import { localIssuer, localPool, startCognitoLocal } from "../../local/src/cognito/cognito-local";
import { startCognitoProxy } from "../../local/src/cognito/proxy";
import { type GatewayRoute, type LambdaHandler, startGateway } from "../../local/src/gateway/gateway";
import { createJwtAuthorizer, type JwtAuthorizer } from "../../local/src/gateway/jwt-authorizer";
import type { HttpEvent } from "../../local/src/gateway/lambda-event";
import { freePort } from "../../local/src/plumbing/processes";

const webOrigin = "http://127.0.0.1:3999";
const routes: GatewayRoute[] = [
  { method: "GET", path: "/rides/{rideId}", handler: "fake/echo.handler" },
  { method: "POST", path: "/rides", handler: "fake/plain.handler" },
  { method: "GET", path: "/boom", handler: "fake/boom.handler" },
  { method: "GET", path: "/slow", handler: "fake/slow.handler", timeout: "1 second" },
  { method: "POST", path: "/ride", handler: "fake/plain.handler" },
];
const invocations: { event: HttpEvent; context: { getRemainingTimeInMillis(): number; functionName: string } }[] = [];
const fakeHandlers: Record<string, LambdaHandler> = {
  "fake/echo.handler": (event, context) => {
    invocations.push({ event, context } as (typeof invocations)[number]);
    return {
      statusCode: 200,
      headers: { "Content-Type": "application/json", "X-Ride": "yes" },
      body: JSON.stringify(event),
      cookies: ["a=1", "b=2"],
    };
  },
  "fake/plain.handler": (event) => {
    invocations.push({ event } as (typeof invocations)[number]);
    return { accepted: true };
  },
  "fake/boom.handler": () => {
    invocations.push({} as (typeof invocations)[number]);
    throw new Error("handler bug");
  },
  "fake/slow.handler": () => new Promise((resolve) => setTimeout(() => resolve({ late: true }), 3000)),
};

let stopAll: () => Promise<void>;
let api: string;
let cognitoEndpoint: string;
let upstream: string;
let rider: Tokens;
let authorizer: JwtAuthorizer;
const stateDir = mkdtempSync(path.join(os.tmpdir(), "wr-gw-test-"));
const account = () => ({
  endpoint: cognitoEndpoint,
  clientId: localPool.webClientId,
  code: localPool.verificationCode,
});

beforeAll(async () => {
  const cognito = await startCognitoLocal({ port: await freePort(), stateDir });
  // Not a literal: the proxy's options are changing (stateDir, allowedOrigins), and this file compiles either way.
  const proxyOptions = {
    port: 0,
    upstream: cognito.endpoint,
    userPoolId: localPool.userPoolId,
    stateDir,
    allowedOrigins: [webOrigin],
  };
  const proxy = await startCognitoProxy(proxyOptions);
  authorizer = createJwtAuthorizer({
    issuer: localIssuer,
    audiences: [localPool.webClientId],
    jwks: `${cognito.endpoint}/${localPool.userPoolId}/.well-known/jwks.json`,
  });
  const gateway = await startGateway({
    port: 0,
    routes,
    authorizer,
    allowOrigins: [webOrigin],
    loadHandler: async (name) => fakeHandlers[name] ?? (() => ({})),
  });
  api = gateway.url;
  cognitoEndpoint = proxy.endpoint;
  upstream = cognito.endpoint;
  stopAll = async () => {
    await gateway.stop();
    await proxy.stop();
    await cognito.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
  rider = await createRider(account(), "rider@example.com");
});

afterAll(async () => stopAll?.());

async function expectUnauthorized(init: RequestInit, url = `${api}/rides/r1`) {
  const before = invocations.length;
  const response = await fetch(url, init);
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ message: "Unauthorized" });
  expect(invocations.length).toBe(before); // the handler never ran
}

describe("gateway emulator", () => {
  it("answers a CORS preflight without a token", async () => {
    const response = await fetch(`${api}/rides`, {
      method: "OPTIONS",
      headers: {
        origin: webOrigin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(webOrigin);
    expect(response.headers.get("access-control-allow-headers")).toBe("authorization,content-type,idempotency-key");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    // The same declaration API Gateway is deployed with (infra/api.ts).
    expect(response.headers.get("access-control-max-age")).toBe(String(cors.maxAgeSeconds));
  });

  it("gives a foreign origin no CORS grant", async () => {
    const response = await fetch(`${api}/rides`, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("rejects a request without a token, with CORS headers so the browser can read the 401", async () => {
    await expectUnauthorized({ headers: { origin: webOrigin } });
    const response = await fetch(`${api}/rides/r1`, { headers: { origin: webOrigin } });
    expect(response.headers.get("access-control-allow-origin")).toBe(webOrigin);
  });

  it("rejects a forged token (another key, cognito-local's kid, perfect claims)", async () => {
    const claims = accessClaims({ issuer: localIssuer, clientId: localPool.webClientId });
    await expectUnauthorized({ headers: { authorization: `Bearer ${await signAsStranger(claims)}` } });
  });

  it("rejects an expired token signed with cognito-local's own key", async () => {
    const claims = accessClaims({
      issuer: localIssuer,
      clientId: localPool.webClientId,
      now: Math.floor(Date.now() / 1000) - 7200,
    });
    await expectUnauthorized({ headers: { authorization: `Bearer ${await signAsPool(claims)}` } });
  });

  it("rejects a real token of another app client of the same pool", async () => {
    const { UserPoolClient } = await cognitoCall<{ UserPoolClient: { ClientId: string } }>(
      upstream,
      "CreateUserPoolClient",
      {
        UserPoolId: localPool.userPoolId,
        ClientName: "someone-elses-app",
      },
    );
    const other = await signIn(cognitoEndpoint, UserPoolClient.ClientId, "rider@example.com", "Unicorn-Rides-1");
    await expectUnauthorized({ headers: { authorization: `Bearer ${other.accessToken}` } });
    await expectUnauthorized({ headers: { authorization: `Bearer ${other.idToken}` } });
  });

  it("rejects every forged or malformed token before any handler runs", async () => {
    const claims = accessClaims({ issuer: localIssuer, clientId: localPool.webClientId });
    const [header, payload] = rider.accessToken.split(".");
    const forgeries: Record<string, string> = {
      "alg none": forge.unsigned(claims),
      "HS256 keyed with the public key": await forge.withPublicKeyAsSecret(claims),
      "edited payload of a real token": tampered(rider.accessToken, { sub: "another-rider" }),
      "edited payload of a real id token": tampered(rider.idToken, { email: "boss@example.com" }),
      "unknown kid": await signAsPool(claims, { kid: "rotated-away" }),
      // cognito-local's JWKS holds one key: jose alone would verify a token without kid against it.
      "no kid": await poolForgery.withoutKid(claims),
      "issued in the future": await poolForgery.issuedInTheFuture(claims),
      "our client_id, another client's aud": await poolForgery.foreignAudience(claims),
      "no sub": await poolForgery.withoutSub(claims),
      "not yet valid": await signAsPool({ ...claims, nbf: Math.floor(Date.now() / 1000) + 600 }),
      "another issuer": await signAsPool({ ...claims, iss: `${localPool.issuerDomain}/us-east-1_Other` }),
      "signature dropped": `${header}.${payload}.`,
      "two segments": `${header}.${payload}`,
      garbage: "not.a.jwt",
    };
    for (const [name, token] of Object.entries(forgeries)) {
      const before = invocations.length;
      const response = await fetch(`${api}/rides/r1`, { headers: { authorization: `Bearer ${token}` } });
      expect([name, response.status, await response.json()]).toEqual([name, 401, { message: "Unauthorized" }]);
      expect([name, invocations.length]).toEqual([name, before]);
    }
    await expectUnauthorized({ headers: { authorization: `Basic ${rider.accessToken}` } });
    await expectUnauthorized({ headers: { authorization: "Bearer" } });
  });

  it("joins repeated Authorization headers with ',' as API Gateway does, so even two good tokens are refused", async () => {
    // fetch folds repeated headers into one; node's http sends raw [name, value, …] pairs as separate lines (and then adds no Host).
    const status = (values: string[]) =>
      new Promise<number>((resolve, reject) => {
        const request = http.get(
          `${api}/rides/r1`,
          { headers: ["host", new URL(api).host, ...values.flatMap((value) => ["authorization", value])] },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on("error", reject);
      });
    const before = invocations.length;
    expect(await status([`Bearer ${rider.accessToken}`, `Bearer ${rider.accessToken}`])).toBe(401);
    expect(await status([rider.accessToken, "Bearer nonsense"])).toBe(401);
    expect(await status(["", `Bearer ${rider.accessToken}`])).toBe(401);
    expect(invocations.length).toBe(before);
    expect(await status([`Bearer ${rider.accessToken}`])).toBe(200);
  });

  it("answers HEAD 404 Not Found: API Gateway has no such route key, HEAD is not GET", async () => {
    const before = invocations.length;
    const response = await fetch(`${api}/rides/r1`, { method: "HEAD", headers: { authorization: rider.accessToken } });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(invocations.length).toBe(before);
  });

  it("allows any origin on a development stage: the workshop page served elsewhere can call POST /ride", async () => {
    const dev = await startGateway({
      port: 0,
      routes,
      authorizer,
      loadHandler: async (name) => fakeHandlers[name] ?? (() => ({})),
    });
    try {
      const origin = "http://workshop.example:8080";
      const preflight = await fetch(`${dev.url}/ride`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      expect(preflight.headers.get("access-control-allow-methods")).toBe(cors.allowMethods.join(","));
      expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,content-type,idempotency-key");
      expect(preflight.headers.get("access-control-max-age")).toBe(String(cors.maxAgeSeconds));
      const ride = await fetch(`${dev.url}/ride`, {
        method: "POST",
        headers: { origin, authorization: rider.idToken, "content-type": "application/json" },
        body: JSON.stringify({ PickupLocation: { Latitude: 47.6, Longitude: -122.3 } }),
      });
      expect([ride.status, ride.headers.get("access-control-allow-origin")]).toEqual([200, "*"]);
      const refused = await fetch(`${dev.url}/ride`, { method: "POST", headers: { origin } });
      expect([refused.status, refused.headers.get("access-control-allow-origin")]).toEqual([401, "*"]);
    } finally {
      await dev.stop();
    }
  });

  it("passes a real access token and builds a payload 2.0 event", async () => {
    const response = await fetch(`${api}/rides/01ABC%2Bx?limit=5&tag=a&tag=b`, {
      headers: { authorization: `Bearer ${rider.accessToken}`, cookie: "theme=dark; lang=en", "X-Custom": "Yes" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ride")).toBe("yes");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const event = (await response.json()) as HttpEvent;
    expect(event.version).toBe("2.0");
    expect(event.routeKey).toBe("GET /rides/{rideId}");
    expect(event.rawPath).toBe("/rides/01ABC%2Bx");
    expect(event.rawQueryString).toBe("limit=5&tag=a&tag=b");
    expect(event.pathParameters).toEqual({ rideId: "01ABC+x" });
    expect(event.queryStringParameters).toEqual({ limit: "5", tag: "a,b" });
    expect(event.cookies).toEqual(["theme=dark", "lang=en"]);
    expect(event.headers["x-custom"]).toBe("Yes");
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext.stage).toBe("$default");
    expect(event.requestContext.http.method).toBe("GET");
    expect(event.requestContext.authorizer.jwt.claims.client_id).toBe(localPool.webClientId);
    expect(event.requestContext.authorizer.jwt.claims.token_use).toBe("access");
    expect(event.requestContext.authorizer.jwt.claims.sub).toBe(claimsOf(rider.accessToken).sub);
    const { context } = invocations.at(-1) ?? {};
    expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(9000);
  });

  it("passes a real id token (aud = the web client) and the bare-token form", async () => {
    const response = await fetch(`${api}/rides/r2`, { headers: { authorization: rider.idToken } });
    expect(response.status).toBe(200);
    const event = (await response.json()) as HttpEvent;
    expect(event.requestContext.authorizer.jwt.claims.email).toBe("rider@example.com");
    expect(event.requestContext.authorizer.jwt.claims.email_verified).toBe("true");
  });

  it("maps a plain object result to 200 JSON and hands the JSON body over as text", async () => {
    const response = await fetch(`${api}/rides`, {
      method: "POST",
      headers: { authorization: `Bearer ${rider.accessToken}`, "content-type": "application/json", origin: webOrigin },
      body: JSON.stringify({ pickup: { latitude: 47.6, longitude: -122.3 } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("access-control-allow-origin")).toBe(webOrigin);
    expect(await response.json()).toEqual({ accepted: true });
    const { event } = invocations.at(-1) ?? {};
    expect(event?.isBase64Encoded).toBe(false);
    expect(JSON.parse(event?.body ?? "null")).toEqual({ pickup: { latitude: 47.6, longitude: -122.3 } });
  });

  it("answers an unknown route or method with 404 Not Found", async () => {
    for (const [method, url] of [
      ["GET", "/nowhere"],
      ["DELETE", "/rides"],
    ] as const) {
      const response = await fetch(`${api}${url}`, { method, headers: { authorization: rider.accessToken } });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: "Not Found" });
    }
  });

  it("turns a throwing handler into 500 Internal Server Error", async () => {
    const response = await fetch(`${api}/boom`, { headers: { authorization: rider.accessToken } });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "Internal Server Error" });
  });

  it("turns a handler that outlives its timeout into 500", async () => {
    const response = await fetch(`${api}/slow`, { headers: { authorization: rider.accessToken } });
    expect(response.status).toBe(500);
  });
});

describe("Cognito proxy", () => {
  it("turns GetTokensFromRefreshToken into fresh tokens the gateway accepts", async () => {
    const reply = await cognitoCall<{ AuthenticationResult: Record<string, unknown> }>(
      cognitoEndpoint,
      "GetTokensFromRefreshToken",
      {
        ClientId: localPool.webClientId,
        RefreshToken: rider.refreshToken,
      },
    );
    const fresh = reply.AuthenticationResult;
    expect(fresh.TokenType).toBe("Bearer");
    expect(fresh.ExpiresIn).toBe(3600);
    expect(typeof fresh.IdToken).toBe("string");
    expect(fresh.AccessToken).not.toBe(rider.accessToken);
    const response = await fetch(`${api}/rides/r3`, {
      headers: { authorization: `Bearer ${String(fresh.AccessToken)}` },
    });
    expect(response.status).toBe(200);
  });

  it("rejects an unknown refresh token like Cognito", async () => {
    const call = cognitoCall(cognitoEndpoint, "GetTokensFromRefreshToken", {
      ClientId: localPool.webClientId,
      RefreshToken: "nope",
    });
    await expect(call).rejects.toMatchObject({ type: "NotAuthorizedException" });
  });

  it("enforces the pool's password policy on SignUp", async () => {
    const call = cognitoCall(cognitoEndpoint, "SignUp", {
      ClientId: localPool.webClientId,
      Username: "weak@example.com",
      Password: "alllowercase1",
    });
    await expect(call).rejects.toThrow(CognitoCallError);
    await expect(call).rejects.toMatchObject({ type: "InvalidPasswordException" });
  });

  it("enforces the policy on a password reset too, and the reset works with a good password", async () => {
    await cognitoCall(cognitoEndpoint, "ForgotPassword", {
      ClientId: localPool.webClientId,
      Username: "rider@example.com",
    });
    const reset = (password: string) =>
      cognitoCall(cognitoEndpoint, "ConfirmForgotPassword", {
        ClientId: localPool.webClientId,
        Username: "rider@example.com",
        ConfirmationCode: localPool.verificationCode,
        Password: password,
      });
    await expect(reset("weakpassword")).rejects.toMatchObject({ type: "InvalidPasswordException" });
    await reset("Unicorn-Rides-1");
  });

  it("says 'Incorrect username or password.' for a wrong password or an unknown rider", async () => {
    for (const email of ["rider@example.com", "nobody@example.com"]) {
      const call = signIn(cognitoEndpoint, localPool.webClientId, email, "Wrong-Password-1");
      await expect(call).rejects.toMatchObject({
        type: "NotAuthorizedException",
        message: expect.stringContaining("Incorrect username or password."),
      });
    }
  });

  it("answers the browser's preflight with CORS", async () => {
    const response = await fetch(cognitoEndpoint, {
      method: "OPTIONS",
      headers: {
        origin: webOrigin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-target,x-amz-user-agent",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(webOrigin);
    expect(response.headers.get("access-control-allow-headers")).toContain("x-amz-target");
  });
});

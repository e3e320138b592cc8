/**
 * The local Cognito door as the browser meets it: SRP sign-in driven by two client libraries no one here wrote
 * (amazon-cognito-identity-js and Amplify v6), tokens the API accepts, Cognito's wording for failures, and a door
 * that lets in only the web app's calls from the web app's origin.
 */
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { Amplify } from "aws-amplify";
import { fetchAuthSession, signIn, signOut } from "aws-amplify/auth";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { chooseNewPassword, cognitoCall, createRider, passwordSignIn } from "../../local/src/cognito/accounts";
import type { AdminCall } from "../../local/src/cognito/admin";
import { localIssuer, localPool, startCognitoLocal } from "../../local/src/cognito/cognito-local";
import { startCognitoProxy } from "../../local/src/cognito/proxy";
import { Srp } from "../../local/src/cognito/srp";
import { startGateway } from "../../local/src/gateway/gateway";
import { createJwtAuthorizer } from "../../local/src/gateway/jwt-authorizer";
import { freePort } from "../../local/src/plumbing/processes";

const site = "http://127.0.0.1:3998";
const password = "Unicorn-Rides-1";
const incorrect = { name: "NotAuthorizedException", message: "Incorrect username or password." };
const stateDir = mkdtempSync(path.join(os.tmpdir(), "wr-cognito-proxy-"));
let endpoint: string;
let api: string;
/** The pool administrator's calls, in process (this file's proxy takes no signed ones). */
let admin: AdminCall;
let stopAll: () => Promise<void>;
const client = () => ({ endpoint, clientId: localPool.webClientId, code: localPool.verificationCode });

beforeAll(async () => {
  const cognito = await startCognitoLocal({ port: await freePort(), stateDir });
  const proxy = await startCognitoProxy({
    port: 0,
    upstream: cognito.endpoint,
    userPoolId: localPool.userPoolId,
    stateDir,
    allowedOrigins: [site],
  });
  const gateway = await startGateway({
    port: 0,
    routes: [{ method: "GET", path: "/me", handler: "me.handler" }],
    authorizer: createJwtAuthorizer({
      issuer: localIssuer,
      audiences: [localPool.webClientId],
      jwks: `${cognito.endpoint}/${localPool.userPoolId}/.well-known/jwks.json`,
    }),
    loadHandler: async () => (event) => ({
      sub: (event as { requestContext: { authorizer: { jwt: { claims: { sub: string } } } } }).requestContext.authorizer
        .jwt.claims.sub,
    }),
  });
  [endpoint, api, admin] = [proxy.endpoint, gateway.url, proxy.admin];
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: localPool.userPoolId,
        userPoolClientId: localPool.webClientId,
        userPoolEndpoint: endpoint,
        loginWith: { email: true },
      },
    },
  });
  stopAll = async () => {
    await gateway.stop();
    await proxy.stop();
    await cognito.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
});
afterAll(() => stopAll?.());

const email = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.com`;

/** amazon-cognito-identity-js's authenticateUser: USER_SRP_AUTH, then PASSWORD_VERIFIER. */
function signInWithIdentityJs(username: string, secret: string): Promise<{ accessToken: string; refresh: string }> {
  const pool = new CognitoUserPool({ UserPoolId: localPool.userPoolId, ClientId: localPool.webClientId, endpoint });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: secret }), {
      onSuccess: (session) =>
        resolve({
          accessToken: session.getAccessToken().getJwtToken(),
          refresh: session.getRefreshToken().getToken(),
        }),
      onFailure: (error: { code?: string; message: string }) =>
        reject(Object.assign(new Error(error.message), { name: error.code })),
    }),
  );
}

async function subFromApi(accessToken: string): Promise<string> {
  const response = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { sub: string }).sub;
}

/** A raw Cognito call: status and body as they come. */
async function call(target: string, body: string | object, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${target}`,
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** A confirmed rider, made through the door the way the web app makes one. */
async function newRider(label: string) {
  const address = email(label);
  const { sub } = await createRider(client(), address, password);
  return { email: address, sub };
}

describe("SRP sign-in", () => {
  it("signs a rider in with amazon-cognito-identity-js, and the API accepts the token", async () => {
    const rider = await newRider("identity-js");
    const { accessToken } = await signInWithIdentityJs(rider.email, password);
    expect(await subFromApi(accessToken)).toBe(rider.sub);
  });

  it("signs a rider in with Amplify's signIn, the API accepts the token, and Amplify's refresh works", async () => {
    const rider = await newRider("amplify");
    expect(await signIn({ username: rider.email, password })).toMatchObject({ isSignedIn: true });
    const first = (await fetchAuthSession()).tokens?.accessToken.toString() ?? "";
    expect(await subFromApi(first)).toBe(rider.sub);
    const refreshed = (await fetchAuthSession({ forceRefresh: true })).tokens?.accessToken.toString() ?? "";
    expect(refreshed).not.toBe(first);
    expect(await subFromApi(refreshed)).toBe(rider.sub);
    await signOut();
  });

  it("says 'Incorrect username or password.' for a wrong password or an unknown rider, in both libraries", async () => {
    const rider = await newRider("wrong");
    for (const username of [rider.email, "nobody-here@example.com"]) {
      await expect(signInWithIdentityJs(username, "Wrong-Password-1")).rejects.toMatchObject(incorrect);
      await expect(signIn({ username, password: "Wrong-Password-1" })).rejects.toMatchObject(incorrect);
    }
  });

  it("tells an unconfirmed rider to confirm, once the password is right", async () => {
    const address = email("unconfirmed");
    await cognitoCall(endpoint, "SignUp", { ClientId: localPool.webClientId, Username: address, Password: password });
    await expect(signInWithIdentityJs(address, password)).rejects.toMatchObject({ name: "UserNotConfirmedException" });
    const result = await signIn({ username: address, password });
    expect(result.nextStep.signInStep).toBe("CONFIRM_SIGN_UP");
  });

  it("accepts one answer per challenge: a replayed proof is refused", async () => {
    const rider = await newRider("replay");
    const srp = Srp.client({ poolName: localPool.userPoolId.split("_")[1] ?? "", password });
    const init = await call("InitiateAuth", {
      ClientId: localPool.webClientId,
      AuthFlow: "USER_SRP_AUTH",
      AuthParameters: { USERNAME: rider.email, SRP_A: srp.srpA },
    });
    expect(init.body.ChallengeName).toBe("PASSWORD_VERIFIER");
    const c = init.body.ChallengeParameters as Record<string, string>;
    const timestamp = "Wed Jan 8 09:05:03 UTC 2025";
    const proof = {
      ClientId: localPool.webClientId,
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeResponses: {
        USERNAME: c.USERNAME,
        PASSWORD_CLAIM_SECRET_BLOCK: c.SECRET_BLOCK,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: srp.answer({
          userIdForSrp: String(c.USER_ID_FOR_SRP),
          salt: String(c.SALT),
          srpB: String(c.SRP_B),
          secretBlock: String(c.SECRET_BLOCK),
          timestamp,
        }),
      },
    };
    expect((await call("RespondToAuthChallenge", proof)).status).toBe(200);
    expect(await call("RespondToAuthChallenge", proof)).toMatchObject({
      status: 400,
      body: { __type: "NotAuthorizedException" },
    });
  });

  it("signs in 20 riders made at once: the proxy never reads cognito-local's store mid-write", async () => {
    const riders = await Promise.all(Array.from({ length: 20 }, () => createRider(client(), email("crowd"), password)));
    expect(new Set(riders.map((r) => r.sub)).size).toBe(20);
  });

  it("refuses USER_PASSWORD_AUTH, as the web client (which allows only SRP and refresh) does", async () => {
    const rider = await newRider("password-flow");
    const reply = await call("InitiateAuth", {
      ClientId: localPool.webClientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: rider.email, PASSWORD: password },
    });
    expect(reply).toMatchObject({
      status: 400,
      body: { __type: "InvalidParameterException", message: "USER_PASSWORD_AUTH flow not enabled for this client" },
    });
  });
});

describe("an invited account's first sign-in (first-sign-in.test.ts has the rest)", () => {
  it("refuses the new password once the challenge's three minutes are up: the account signs in again", async () => {
    const address = email("late");
    const created = await admin("AdminCreateUser", {
      UserPoolId: localPool.userPoolId,
      Username: address,
      TemporaryPassword: password,
      MessageAction: "SUPPRESS",
      UserAttributes: [{ Name: "email", Value: address }],
    });
    expect(created.status).toBe(200);
    const late = await passwordSignIn(endpoint, localPool.webClientId, address, password);
    expect(late.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    // The proxy runs in this process: its clock is the one faked.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 3 * 60_000 + 1_000);
      await expect(chooseNewPassword(endpoint, localPool.webClientId, late, "Chosen-Horn-2026")).rejects.toMatchObject({
        type: "NotAuthorizedException",
        message: "NotAuthorizedException: Invalid session for the user, session is expired.",
      });
    } finally {
      vi.useRealTimers();
    }
    const fresh = await passwordSignIn(endpoint, localPool.webClientId, address, password);
    const tokens = await chooseNewPassword(endpoint, localPool.webClientId, fresh, "Chosen-Horn-2026");
    expect(await subFromApi(tokens.accessToken)).toBeTruthy();
  });
});

describe("the rest of the web app's calls", () => {
  it("sends a new confirmation code like Cognito, and the fixed local code still confirms", async () => {
    const address = email("resend");
    await cognitoCall(endpoint, "SignUp", { ClientId: localPool.webClientId, Username: address, Password: password });
    const reply = await call("ResendConfirmationCode", { ClientId: localPool.webClientId, Username: address });
    expect(reply).toMatchObject({
      status: 200,
      body: { CodeDeliveryDetails: { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: "r***@e***" } },
    });
    const confirm = {
      ClientId: localPool.webClientId,
      Username: address,
      ConfirmationCode: localPool.verificationCode,
    };
    expect((await call("ConfirmSignUp", confirm)).status).toBe(200);
    await expect(signInWithIdentityJs(address, password)).resolves.toHaveProperty("accessToken");
  });
});

describe("a door that is only the web app's", () => {
  const adminCalls: Record<string, object> = {
    ListUsers: { UserPoolId: localPool.userPoolId },
    AdminGetUser: { UserPoolId: localPool.userPoolId, Username: "rider@example.com" },
    AdminSetUserPassword: { UserPoolId: localPool.userPoolId, Username: "x", Password: password, Permanent: true },
    AdminCreateUser: { UserPoolId: localPool.userPoolId, Username: "new@example.com" },
    AdminConfirmSignUp: { UserPoolId: localPool.userPoolId, Username: "x" },
    AdminInitiateAuth: {
      UserPoolId: localPool.userPoolId,
      ClientId: localPool.webClientId,
      AuthFlow: "ADMIN_NO_SRP_AUTH",
    },
    UpdateUserPoolClient: { UserPoolId: localPool.userPoolId, ClientId: localPool.webClientId },
    CreateUserPoolClient: { UserPoolId: localPool.userPoolId, ClientName: "mine" },
    DescribeUserPool: { UserPoolId: localPool.userPoolId },
    DeleteUserPool: { UserPoolId: localPool.userPoolId },
    ListUserPools: { MaxResults: 10 },
  };

  it("refuses every admin and pool-management call as AWS refuses unsigned ones", async () => {
    for (const [target, body] of Object.entries(adminCalls)) {
      expect({ target, ...(await call(target, body)) }).toMatchObject({
        target,
        status: 400,
        body: { __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" },
      });
    }
  });

  it("serves the pool's JWKS and refuses every other GET", async () => {
    const jwks = await fetch(`${endpoint}/${localPool.userPoolId}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    for (const url of ["/", "/health", `/${localPool.userPoolId}`, "/oauth2/token"]) {
      expect((await fetch(`${endpoint}${url}`)).status).toBe(400);
    }
  });

  it("answers the site's origin with CORS and refuses any other origin without it", async () => {
    const preflight = (origin: string) =>
      fetch(endpoint, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "x-amz-target" },
      });
    expect((await preflight(site)).headers.get("access-control-allow-origin")).toBe(site);
    const foreignPreflight = await preflight("https://evil.example");
    expect(foreignPreflight.status).toBe(403);
    expect(foreignPreflight.headers.get("access-control-allow-origin")).toBeNull();

    const signUp = { ClientId: localPool.webClientId, Username: email("origin"), Password: password };
    const foreign = await call("SignUp", signUp, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const own = await call("SignUp", signUp, { origin: site });
    expect(own.status).toBe(200);
    expect(own.headers.get("access-control-allow-origin")).toBe(site);
  });

  it("answers a body that is not a JSON object with Cognito's SerializationException, not a 500", async () => {
    for (const body of ["{not json", "[1,2]", "\u0000\u00ff garbage"]) {
      expect(await call("SignUp", body)).toMatchObject({ status: 400, body: { __type: "SerializationException" } });
    }
  });

  it("keeps serving after bytes that are not HTTP and a request cut off mid-body", async () => {
    const [host, port] = endpoint.replace("http://", "").split(":");
    const send = (bytes: string) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(Number(port), host, () => socket.end(bytes));
        let answer = "";
        socket.on("data", (chunk) => {
          answer += chunk;
        });
        socket.on("close", () => resolve(answer));
        socket.on("error", () => resolve(answer));
      });
    expect(await send("\x16\x03\x01 not http at all\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    await send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\nX-Amz-Target: A.SignUp\r\n\r\n{"Cli');
    const after = await call("InitiateAuth", { ClientId: localPool.webClientId, AuthFlow: "USER_SRP_AUTH" });
    expect(after).toMatchObject({ status: 400, body: { __type: "InvalidParameterException" } });
  });
});

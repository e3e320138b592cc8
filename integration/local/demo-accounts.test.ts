/**
 * The demo accounts a seeding stack makes (local/src/cognito/demo-accounts.ts) and what their roles rest on: the
 * pool's groups in both tokens of every sign-in path, the gateway handing `cognito:groups` over as API Gateway does,
 * the administrator's signed door into the Cognito endpoint, the crews' unicorn channels, and a second start on the
 * same persisted data that finds everything as it left it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Channels } from "@wildrydes/core/rules/channels";
import { unmetPasswordRules } from "@wildrydes/core/rules/password-policy";
import { groupsOf as groupsInClaim } from "@wildrydes/core/rules/roles";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { Crew } from "@wildrydes/core/store/crew";
import { cognitoCall, type Tokens } from "@wildrydes/local/cognito/accounts";
import { localIssuer } from "@wildrydes/local/cognito/cognito-local";
import {
  type DemoAccount,
  type DemoAccounts,
  demoAccountLines,
  demoAccounts,
  demoPassword,
} from "@wildrydes/local/cognito/demo-accounts";
import { createJwtAuthorizer } from "@wildrydes/local/gateway/jwt-authorizer";
import { endpointsFor, type Stack, startStack } from "@wildrydes/local/stack";
import { closeAll, LiveClient } from "@wildrydes/testing/live-client";
import { newRider } from "@wildrydes/testing/rider-accounts";
import { apiClient } from "@wildrydes/testing/rider-api";
import { addToGroup, adminCall, groupsOf, newAccountIn, signInDemo } from "@wildrydes/testing/role-accounts";
import { claimsOf, poolJwks } from "@wildrydes/testing/tokens";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

// A stack of its own on a persisted folder: it is started a second time on the same data.
const persistDir = mkdtempSync(path.join(os.tmpdir(), "wr-demo-accounts-"));
let stack: Stack;
let accounts: DemoAccounts;
const crewed = seattleFleet.filter((u) => u.crewed);
const clients: LiveClient[] = [];

beforeAll(async () => {
  stack = await startStack({ web: false, persistDir, streams: false });
  accounts = stack.endpoints.demoAccounts as DemoAccounts;
});

afterEach(() => closeAll(clients));

afterAll(async () => {
  await stack?.stop();
  rmSync(persistDir, { recursive: true, force: true });
});

const signInAll = () =>
  Promise.all([...accounts.unicorns, accounts.operator].map((account) => signInDemo(stack.endpoints, account)));
const usersNamed = async (email: string) => {
  const reply = await adminCall<{ Users: unknown[] }>(stack.endpoints, "ListUsers", {
    UserPoolId: stack.endpoints.userPoolId,
    Filter: `email = "${email}"`,
  });
  return reply.Users.length;
};

describe("the endpoints' demo accounts", () => {
  it("list a crew per crewed unicorn of the roster and an operator, in exactly the documented shape", () => {
    expect(crewed.length).toBeGreaterThanOrEqual(3);
    // endpoints.json is this object as JSON: exactly these keys, nothing more.
    expect(JSON.parse(JSON.stringify(stack.endpoints.demoAccounts))).toEqual({
      unicorns: crewed.map((u) => ({
        email: `${u.unicornId}@unicorns.wildrydes.local`,
        password: demoPassword,
        unicornId: u.unicornId,
      })),
      operator: { email: "operator@wildrydes.local", password: demoPassword },
    });
    expect(accounts).toEqual(demoAccounts());
  });

  it("share one password that meets the pool's policy", () => {
    expect(unmetPasswordRules(demoPassword)).toEqual([]);
  });

  it("are null for a stack that does not seed (startStack's seed: false)", () => {
    const ports = { api: 1, cognito: 2, dynamodb: 3, events: 4 };
    expect(endpointsFor(ports, { seeded: false }).demoAccounts).toBeNull();
    expect(endpointsFor(ports).demoAccounts).toEqual(accounts);
  });

  it("are printed by npm start one line each, after the URL", () => {
    const lines = demoAccountLines(accounts);
    expect(lines).toHaveLength(1 + crewed.length + 1);
    for (const [i, u] of crewed.entries()) {
      expect(lines[i + 1]).toMatch(
        new RegExp(`^  ${u.unicornId}@unicorns\\.wildrydes\\.local +${demoPassword}  unicorn ${u.unicornId}$`),
      );
    }
    expect(lines.at(-1)).toMatch(new RegExp(`^  operator@wildrydes\\.local +${demoPassword}  operator$`));
  });
});

describe("signing in as a demo account", () => {
  it("works with SRP, as the web app signs in, and both tokens carry the account's group", async () => {
    const tokens = await signInAll();
    const expected = [...accounts.unicorns.map(() => ["unicorns"]), ["operators"]];
    expect(tokens.map((t) => claimsOf(t.accessToken)["cognito:groups"])).toEqual(expected);
    expect(tokens.map((t) => claimsOf(t.idToken)["cognito:groups"])).toEqual(expected);
    expect(tokens.map((t) => claimsOf(t.idToken).email)).toEqual([
      ...accounts.unicorns.map((u) => u.email),
      accounts.operator.email,
    ]);
    expect(claimsOf(tokens[0]?.idToken ?? "").email_verified).toBe(true);
  });

  it("keeps the group in the tokens a refresh gives (Amplify's GetTokensFromRefreshToken)", async () => {
    const [crew] = (await signInAll()) as [Tokens];
    const refreshed = await cognitoCall<{ AuthenticationResult: { AccessToken: string; IdToken: string } }>(
      stack.endpoints.cognitoEndpoint,
      "GetTokensFromRefreshToken",
      { ClientId: stack.endpoints.userPoolClientId, RefreshToken: crew.refreshToken },
    );
    expect(claimsOf(refreshed.AuthenticationResult.AccessToken)["cognito:groups"]).toEqual(["unicorns"]);
    expect(claimsOf(refreshed.AuthenticationResult.IdToken)["cognito:groups"]).toEqual(["unicorns"]);
  });

  it("refuses a wrong password", async () => {
    const wrong = { ...accounts.operator, password: `${demoPassword}x` };
    await expect(signInDemo(stack.endpoints, wrong)).rejects.toMatchObject({ type: "NotAuthorizedException" });
  });

  it("gives each crew its own unicorn on GET /unicorn/me, off shift, and the operator none", async () => {
    const api = apiClient(stack.endpoints);
    const tokens = await signInAll();
    const selves = await Promise.all(
      tokens.slice(0, -1).map((t) => api("GET", "/unicorn/me", { token: t.accessToken })),
    );
    expect(selves.map((s) => [s.status, s.body.unicornId, s.body.crewed, s.body.onShift])).toEqual(
      accounts.unicorns.map((u) => [200, u.unicornId, true, false]),
    );
    const operator = await api("GET", "/unicorn/me", { token: tokens.at(-1)?.accessToken });
    expect([operator.status, operator.body.error.code]).toEqual([403, "FORBIDDEN"]);
  });
});

describe("cognito:groups on the way to a handler", () => {
  const authorize = () =>
    createJwtAuthorizer({ issuer: localIssuer, audiences: [stack.endpoints.userPoolClientId], jwks: poolJwks });

  it('is handed over as API Gateway hands an array claim: the string "[unicorns]"', async () => {
    const [crew] = (await signInAll()) as [Tokens];
    for (const token of [crew.accessToken, crew.idToken]) {
      const claims = (await authorize()(`Bearer ${token}`))?.claims;
      expect(claims?.["cognito:groups"]).toBe("[unicorns]");
      expect(groupsInClaim(claims?.["cognito:groups"])).toEqual(["unicorns"]);
    }
  });

  it("lists every group of an account in two, space-separated in brackets, in the token's order", async () => {
    const both = await newAccountIn(stack.endpoints, ["unicorns", "operators"], "both");
    const inToken = claimsOf(both.accessToken)["cognito:groups"] as string[];
    expect([...inToken].sort()).toEqual(["operators", "unicorns"]);
    const claims = (await authorize()(`Bearer ${both.accessToken}`))?.claims;
    expect(claims?.["cognito:groups"]).toBe(`[${inToken.join(" ")}]`);
    expect(groupsInClaim(claims?.["cognito:groups"]).sort()).toEqual(["operators", "unicorns"]);
  });

  it("is absent for a rider, as API Gateway leaves out a claim the token lacks", async () => {
    const rider = await newRider(stack.endpoints);
    const claims = (await authorize()(`Bearer ${rider.accessToken}`))?.claims;
    expect(claims).toBeDefined();
    expect(claims).not.toHaveProperty("cognito:groups");
  });
});

describe("the pool administrator's door (calls signed with the local keys)", () => {
  it("lists an account's groups by its email, as Cognito does (cognito-local matches only the stored username)", async () => {
    for (const account of accounts.unicorns)
      expect(await groupsOf(stack.endpoints, account.email)).toEqual(["unicorns"]);
    expect(await groupsOf(stack.endpoints, accounts.operator.email)).toEqual(["operators"]);
  });

  it("refuses a call signed with another key, or whose body was changed after signing", async () => {
    const body = { UserPoolId: stack.endpoints.userPoolId, Username: accounts.operator.email, GroupName: "unicorns" };
    const stranger = { accessKeyId: "AKIASTRANGER", secretAccessKey: "not-the-local-secret" };
    await expect(adminCall(stack.endpoints, "AdminAddUserToGroup", body, stranger)).rejects.toMatchObject({
      type: "UnrecognizedClientException",
    });
    const wrongSecret = { accessKeyId: "local", secretAccessKey: "guessed" };
    await expect(adminCall(stack.endpoints, "AdminAddUserToGroup", body, wrongSecret)).rejects.toMatchObject({
      type: "InvalidSignatureException",
    });
    expect(await groupsOf(stack.endpoints, accounts.operator.email)).toEqual(["operators"]);
  });

  it("still refuses the same call unsigned, as the web app's door", async () => {
    const body = { UserPoolId: stack.endpoints.userPoolId, Username: accounts.operator.email, GroupName: "unicorns" };
    await expect(cognitoCall(stack.endpoints.cognitoEndpoint, "AdminAddUserToGroup", body)).rejects.toMatchObject({
      type: "MissingAuthenticationTokenException",
    });
  });

  it("checks the pool's password policy when it sets a password", async () => {
    const body = { UserPoolId: stack.endpoints.userPoolId, Username: accounts.operator.email, Password: "short" };
    await expect(
      adminCall(stack.endpoints, "AdminSetUserPassword", { ...body, Permanent: true }),
    ).rejects.toMatchObject({ type: "InvalidPasswordException" });
    await expect(signInDemo(stack.endpoints, accounts.operator)).resolves.toHaveProperty("accessToken");
  });
});

describe("a unicorn's live channel", () => {
  const realtime = () => stack.endpoints.events.realtimeUrl;
  async function connect(token: string) {
    const client = await LiveClient.connect(realtime(), token);
    clients.push(client);
    return client;
  }

  it("is its crew's: the linked account subscribes to its own and is refused another's", async () => {
    const [first, second] = accounts.unicorns as [
      DemoAccount & { unicornId: string },
      DemoAccount & { unicornId: string },
    ];
    const crew = await signInDemo(stack.endpoints, first);
    const client = await connect(crew.accessToken);
    expect(await client.subscribe("own", Channels.unicorn(first.unicornId), crew.accessToken)).toMatchObject({
      type: "subscribe_success",
    });
    expect(await client.subscribe("other", Channels.unicorn(second.unicornId), crew.accessToken)).toMatchObject({
      type: "subscribe_error",
      errors: [expect.objectContaining({ errorType: "UnauthorizedException" })],
    });
    // Its rider's channel and the fleet's stay open to it, as to anyone.
    expect(await client.subscribe("fleet", Channels.fleet, crew.accessToken)).toMatchObject({
      type: "subscribe_success",
    });
    // Events reach it on its own channel.
    expect(stack.live.publish(Channels.unicorn(first.unicornId), [{ type: "hello" }])).toBe(1);
    const data = await client.next((m) => m.type === "data" && m.id === "own");
    expect(JSON.parse(data.event ?? "null")).toEqual({ type: "hello" });
  });

  it("is refused to a rider, to the operator, and to a unicorns-group account flying no unicorn", async () => {
    const channel = Channels.unicorn(accounts.unicorns[0]?.unicornId ?? "");
    const rider = await newRider(stack.endpoints);
    const operator = await signInDemo(stack.endpoints, accounts.operator);
    const unlinked = await newAccountIn(stack.endpoints, ["unicorns"], "unlinked");
    for (const token of [rider.accessToken, operator.accessToken, unlinked.accessToken]) {
      const client = await connect(token);
      expect(await client.subscribe("theirs", channel, token)).toMatchObject({
        type: "subscribe_error",
        errors: [expect.objectContaining({ errorType: "UnauthorizedException" })],
      });
      expect(await client.subscribe("wildcard", "/unicorns/*", token)).toMatchObject({ type: "subscribe_error" });
    }
  });
});

describe("a second start on the same persisted data", () => {
  it("keeps every account once, in its group, linked to the same unicorn, with the same password", async () => {
    const before = await Promise.all(accounts.unicorns.map((u) => signInDemo(stack.endpoints, u)));
    const subs = before.map((t) => String(claimsOf(t.accessToken).sub));
    // Someone joined the operator to another group meanwhile: a restart keeps the pool's members as they are.
    await addToGroup(stack.endpoints, accounts.operator.email, "unicorns");
    await stack.stop();

    // The same ports: this process's DynamoDB client, made once, keeps the endpoint it was made for.
    const port = (url: string) => Number(new URL(url).port);
    const { apiUrl, cognitoEndpoint, dynamodbEndpoint, events } = stack.endpoints;
    const ports = {
      api: port(apiUrl),
      cognito: port(cognitoEndpoint),
      dynamodb: port(dynamodbEndpoint),
      events: port(events.httpUrl),
    };
    stack = await startStack({ web: false, persistDir, streams: false, ports });
    expect(stack.endpoints.demoAccounts).toEqual(accounts);
    for (const account of [...accounts.unicorns, accounts.operator]) expect(await usersNamed(account.email)).toBe(1);
    const after = await Promise.all(accounts.unicorns.map((u) => signInDemo(stack.endpoints, u)));
    expect(after.map((t) => String(claimsOf(t.accessToken).sub))).toEqual(subs);
    expect(after.map((t) => claimsOf(t.accessToken)["cognito:groups"])).toEqual(
      accounts.unicorns.map(() => ["unicorns"]),
    );
    expect(await Promise.all(subs.map((sub) => Crew.linkOf(sub)))).toEqual(
      crewed.map((u) => ({ unicornId: u.unicornId, name: u.name })),
    );
    expect(await groupsOf(stack.endpoints, accounts.operator.email)).toEqual(["operators", "unicorns"]);
    // Each demo account is in its group once (other tests of this file add accounts of their own).
    const emailsIn = async (group: string) => {
      const reply = await adminCall<{ Users: { Attributes: { Name: string; Value: string }[] }[] }>(
        stack.endpoints,
        "ListUsersInGroup",
        { UserPoolId: stack.endpoints.userPoolId, GroupName: group },
      );
      return reply.Users.map((u) => u.Attributes.find((a) => a.Name === "email")?.Value);
    };
    const crews = accounts.unicorns.map((u) => u.email);
    const demo = [...crews, accounts.operator.email];
    expect((await emailsIn("unicorns")).filter((e) => demo.includes(String(e))).sort()).toEqual(
      [...crews, accounts.operator.email].sort(),
    );
    expect((await emailsIn("operators")).filter((e) => demo.includes(String(e)))).toEqual([accounts.operator.email]);
  }, 90_000);
});

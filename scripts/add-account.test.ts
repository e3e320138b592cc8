/**
 * scripts/add-account.ts without AWS: its arguments, the order and inputs of its Cognito calls on a recording client,
 * and its refusals on fakes of the pool and the table. That Cognito and DynamoDB answer so is for a real stage.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { groups } from "@wildrydes/core/rules/roles";
import { seattleFleet, type UnicornProfile } from "@wildrydes/core/rules/roster";
import type { CrewLink } from "@wildrydes/core/store/crew";
import { describe, expect, it } from "vitest";
import {
  type Account,
  addAccount,
  type CrewStore,
  cognitoPool,
  type Pool,
  parseArgs,
  Refusal,
  regionOfPool,
  UsageError,
} from "./add-account";

const crewed = seattleFleet.filter((u) => u.crewed === true);
const stardust = crewed.find((u) => u.unicornId === "stardust") as UnicornProfile;

describe("the arguments", () => {
  it("takes an operator's email, trimmed and in lower case", () => {
    expect(parseArgs(["operator", " Ops@Rydes.Example.com "])).toEqual({
      role: "operator",
      email: "ops@rydes.example.com",
    });
  });

  it("takes a unicorn's email and its crewed roster entry", () => {
    expect(parseArgs(["unicorn", "sam@example.com", "stardust"])).toEqual({
      role: "unicorn",
      email: "sam@example.com",
      unicorn: stardust,
    });
  });

  it("has at least three crewed unicorns to give accounts to", () => {
    expect(crewed.length).toBeGreaterThanOrEqual(3);
    for (const unicorn of crewed) {
      expect(parseArgs(["unicorn", "crew@example.com", unicorn.unicornId])).toMatchObject({ unicorn });
    }
  });

  it.each([
    [[], /unicorn or operator/],
    [["rider", "a@example.com"], /Unknown role "rider"/],
    [["unicorns", "a@example.com", "stardust"], /Unknown role "unicorns"/],
    [["operator"], /operator's email/],
    [["operator", "not-an-email"], /"not-an-email" is not an email address/],
    [["operator", "a@example.com", "stardust"], /flies no unicorn/],
    [["unicorn", "a@example.com"], /unicorn's id.*stardust, moonbeam, bramble/],
    [["unicorn", "a@example.com", "stardust", "extra"], /Unexpected arguments.*extra/],
    [["unicorn", "a@example.com", "glitter"], /No unicorn "glitter".*Crewed unicorns: stardust, moonbeam, bramble/],
    [["unicorn", "a@example.com", "aurora"], /Aurora \("aurora"\) is a bot/],
    [["unicorn", "a@example.com", "Stardust"], /No unicorn "Stardust"/],
  ])("refuses %j with a usage error", (args, message) => {
    expect(() => parseArgs(args)).toThrow(UsageError);
    expect(() => parseArgs(args)).toThrow(message);
  });

  it("reads the region from the pool id", () => {
    expect(regionOfPool("us-east-1_AbC123xyz")).toBe("us-east-1");
    expect(regionOfPool("ap-southeast-2_Q1w2E3r4T")).toBe("ap-southeast-2");
    expect(() => regionOfPool("Riders")).toThrow(/not a Cognito user pool id/);
  });
});

/** A client that records each command and answers from a script. */
function recordingClient(answer: (command: object) => unknown) {
  const sent: object[] = [];
  const client = {
    send: async (command: object) => {
      sent.push(command);
      const reply = answer(command);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  } as unknown as CognitoIdentityProviderClient;
  return { client, sent };
}

const notFound = Object.assign(new Error("User does not exist."), { name: "UserNotFoundException" });
const pool = "us-east-1_Pool1";

describe("the Cognito calls", () => {
  it("makes a new account with its email as username, verified, and lets Cognito mail the temporary password", async () => {
    const { client, sent } = recordingClient((command) => {
      if (command instanceof AdminGetUserCommand) return notFound;
      if (command instanceof AdminCreateUserCommand) {
        return { User: { UserStatus: "FORCE_CHANGE_PASSWORD", Attributes: [{ Name: "sub", Value: "sub-1" }] } };
      }
      return {};
    });
    const cognito = cognitoPool(pool, client);
    expect(await cognito.find("ops@example.com")).toBeNull();
    expect(await cognito.invite("ops@example.com")).toEqual({ sub: "sub-1", status: "FORCE_CHANGE_PASSWORD" });
    await cognito.addToGroup("ops@example.com", groups.operators);
    expect(sent.map((c) => [c.constructor.name, (c as { input: unknown }).input])).toEqual([
      ["AdminGetUserCommand", { UserPoolId: pool, Username: "ops@example.com" }],
      [
        "AdminCreateUserCommand",
        {
          UserPoolId: pool,
          Username: "ops@example.com",
          UserAttributes: [
            { Name: "email", Value: "ops@example.com" },
            { Name: "email_verified", Value: "true" },
          ],
          // No TemporaryPassword and no SUPPRESS: Cognito makes the password and mails it.
          DesiredDeliveryMediums: ["EMAIL"],
        },
      ],
      ["AdminAddUserToGroupCommand", { UserPoolId: pool, Username: "ops@example.com", GroupName: "operators" }],
    ]);
  });

  it("mails a new temporary password with RESEND, and reads an existing account's sub and status", async () => {
    const { client, sent } = recordingClient((command) =>
      command instanceof AdminGetUserCommand
        ? {
            UserStatus: "CONFIRMED",
            UserAttributes: [
              { Name: "email", Value: "a@example.com" },
              { Name: "sub", Value: "s" },
            ],
          }
        : {},
    );
    const cognito = cognitoPool(pool, client);
    expect(await cognito.find("a@example.com")).toEqual({ sub: "s", status: "CONFIRMED" });
    await cognito.reinvite("a@example.com");
    expect((sent[1] as AdminCreateUserCommand).input).toEqual({
      UserPoolId: pool,
      Username: "a@example.com",
      MessageAction: "RESEND",
      DesiredDeliveryMediums: ["EMAIL"],
    });
  });

  it("passes on any other error", async () => {
    const denied = Object.assign(new Error("not allowed"), { name: "AccessDeniedException" });
    const { client } = recordingClient(() => denied);
    await expect(cognitoPool(pool, client).find("a@example.com")).rejects.toThrow("not allowed");
  });
});

/** A pool and a table in memory, with a log of what changed. */
function fakes(state: {
  accounts?: Record<string, Account>;
  unicorns?: Record<string, { crewed?: boolean; accountSub?: string }>;
  links?: Record<string, CrewLink>;
}) {
  const accounts = { ...state.accounts };
  const unicorns = { ...state.unicorns };
  const links = { ...state.links };
  const changes: string[] = [];
  const pool: Pool = {
    id: "us-east-1_Pool1",
    find: async (email) => accounts[email] ?? null,
    async invite(email) {
      changes.push(`invite ${email}`);
      accounts[email] = { sub: `sub-of-${email}`, status: "FORCE_CHANGE_PASSWORD" };
      return accounts[email];
    },
    async reinvite(email) {
      changes.push(`reinvite ${email}`);
    },
    async addToGroup(email, group) {
      changes.push(`group ${email} ${group}`);
    },
  };
  const store: CrewStore = {
    table: "wildrydes-test-Table",
    unicorn: async (name) => unicorns[name] ?? null,
    linkOf: async (sub) => links[sub] ?? null,
    async link(sub, unicorn) {
      changes.push(`link ${sub} ${unicorn.unicornId}`);
      links[sub] = { unicornId: unicorn.unicornId, name: unicorn.name };
    },
  };
  return { pool, store, changes };
}

const seeded = { Stardust: { crewed: true } };

describe("adding an account", () => {
  it("invites a new unicorn, links it to its unicorn, then puts it in the group", async () => {
    const { pool, store, changes } = fakes({ unicorns: seeded });
    const said = await addAccount({ role: "unicorn", email: "sam@example.com", unicorn: stardust }, pool, store);
    expect(changes).toEqual([
      "invite sam@example.com",
      "link sub-of-sam@example.com stardust",
      "group sam@example.com unicorns",
    ]);
    expect(said.join("\n")).toMatch(/temporary password.*\n.*Stardust.*\n.*"unicorns"/);
  });

  it("invites an operator into the operators group, linked to nothing", async () => {
    const { pool, store, changes } = fakes({});
    await addAccount({ role: "operator", email: "ops@example.com" }, pool, store);
    expect(changes).toEqual(["invite ops@example.com", "group ops@example.com operators"]);
  });

  it("runs again safely: a new password for an account that never signed in, none for one that did", async () => {
    const waiting = fakes({
      accounts: { "sam@example.com": { sub: "s1", status: "FORCE_CHANGE_PASSWORD" } },
      unicorns: { Stardust: { crewed: true, accountSub: "s1" } },
      links: { s1: { unicornId: "stardust", name: "Stardust" } },
    });
    await addAccount({ role: "unicorn", email: "sam@example.com", unicorn: stardust }, waiting.pool, waiting.store);
    expect(waiting.changes).toEqual(["reinvite sam@example.com", "link s1 stardust", "group sam@example.com unicorns"]);

    const signedIn = fakes({ accounts: { "ops@example.com": { sub: "s2", status: "CONFIRMED" } } });
    const said = await addAccount({ role: "operator", email: "ops@example.com" }, signedIn.pool, signedIn.store);
    expect(signedIn.changes).toEqual(["group ops@example.com operators"]);
    expect(said[0]).toMatch(/keeps its password/);
  });

  it.each([
    ["the fleet is not seeded", {}, /not in wildrydes-test-Table: seed the fleet first/],
    ["the stored unicorn is a bot", { unicorns: { Stardust: {} } }, /stored as a bot/],
    [
      "another account flies it",
      { unicorns: { Stardust: { crewed: true, accountSub: "someone-else" } } },
      /already flown by another account \(someone-else\)/,
    ],
    [
      "the account flies another unicorn",
      {
        accounts: { "sam@example.com": { sub: "s1", status: "CONFIRMED" } },
        unicorns: seeded,
        links: { s1: { unicornId: "moonbeam", name: "Moonbeam" } },
      },
      /already flies Moonbeam/,
    ],
  ])("refuses before changing anything when %s", async (_case, state, message) => {
    const { pool, store, changes } = fakes(state);
    const adding = addAccount({ role: "unicorn", email: "sam@example.com", unicorn: stardust }, pool, store);
    await expect(adding).rejects.toThrow(Refusal);
    await expect(adding).rejects.toThrow(message);
    expect(changes).toEqual([]);
  });

  it("leaves an account whose link lost a race out of the unicorns group", async () => {
    const { pool, store, changes } = fakes({ unicorns: seeded });
    store.link = async () => {
      throw Object.assign(new Error("Transaction cancelled"), { name: "TransactionCanceledException" });
    };
    await expect(
      addAccount({ role: "unicorn", email: "sam@example.com", unicorn: stardust }, pool, store),
    ).rejects.toThrow(/linked elsewhere meanwhile/);
    expect(changes).toEqual(["invite sam@example.com"]);
  });
});

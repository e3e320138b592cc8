/**
 * Adds a unicorn's or an operator's account to a deployed stage (docs/api.md, "Accounts and roles"): riders sign
 * themselves up, these accounts never do. Run with the stage's resources linked:
 *   npx sst shell --stage <stage> -- npx tsx scripts/add-account.ts unicorn <email> <unicornId>
 *   npx sst shell --stage <stage> -- npx tsx scripts/add-account.ts operator <email>
 *
 * AdminCreateUser makes the account (its email verified) and Cognito mails it a temporary password in the pool's
 * invitation (infra/auth.ts), valid 7 days; the account chooses its own password at first sign-in. So no password
 * passes through this terminal, its scrollback or a CI log, and none has to be handed over some other way; the mail
 * reaching the inbox also bears out the `email_verified` this sets. Then AdminAddUserToGroup, and for a unicorn
 * `Crew.link` to its crewed roster entry, checked before anything is made. Safe to run again: an account that exists
 * is not made twice (one that never signed in is mailed a fresh temporary password), and the group and link are
 * made sure of. The pool is `sst shell`'s `Resource.Riders` (SST links every linkable component to the shell), the
 * table `Resource.Table`; the calls use the caller's AWS credentials.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { groups } from "@wildrydes/core/rules/roles";
import { seattleFleet, type UnicornProfile } from "@wildrydes/core/rules/roster";
import { Crew, type CrewLink } from "@wildrydes/core/store/crew";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import { Resource } from "sst";

export const usage = [
  "Usage (with the stage's resources linked by sst shell):",
  "  npx sst shell --stage <stage> -- npx tsx scripts/add-account.ts unicorn <email> <unicornId>",
  "  npx sst shell --stage <stage> -- npx tsx scripts/add-account.ts operator <email>",
].join("\n");

/** Wrong arguments: the message, then the usage, and nothing is called. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** What the stage's state forbids (a unicorn flown by another account, a fleet not seeded): nothing was changed. */
export class Refusal extends Error {
  override name = "Refusal";
}

export type AccountRequest =
  | { role: "unicorn"; email: string; unicorn: UnicornProfile }
  | { role: "operator"; email: string };

const roles = ["unicorn", "operator"] as const;
const isRole = (word: string): word is (typeof roles)[number] => (roles as readonly string[]).includes(word);
/** Each role's Cognito group. */
export const groupOf = { unicorn: groups.unicorns, operator: groups.operators } as const;

/** Emails are usernames: one spelling per account, as the web app signs in with (trimmed, lower case). */
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseArgs(args: readonly string[], roster: readonly UnicornProfile[] = seattleFleet): AccountRequest {
  const [role, emailArg, unicornId, ...rest] = args;
  const crewed = roster.filter((u) => u.crewed === true).map((u) => u.unicornId);
  if (!role) throw new UsageError("Say which account to add: unicorn or operator.");
  if (!isRole(role)) throw new UsageError(`Unknown role "${role}": give unicorn or operator.`);
  if (emailArg === undefined) throw new UsageError(`Give the ${role}'s email address.`);
  const email = emailArg.trim().toLowerCase();
  if (!emailShape.test(email)) throw new UsageError(`"${emailArg}" is not an email address.`);
  if (role === "operator") {
    if (unicornId !== undefined) {
      throw new UsageError("An operator's account flies no unicorn: give only the email address.");
    }
    return { role, email };
  }
  if (unicornId === undefined) {
    throw new UsageError(`Give the unicorn's id as well, one of the crewed unicorns: ${crewed.join(", ")}.`);
  }
  if (rest.length > 0) throw new UsageError(`Unexpected arguments after the unicorn's id: ${rest.join(" ")}.`);
  const unicorn = roster.find((u) => u.unicornId === unicornId);
  if (!unicorn) {
    throw new UsageError(
      `No unicorn "${unicornId}" in the roster (core/src/rules/roster.ts). Crewed unicorns: ${crewed.join(", ")}.`,
    );
  }
  if (unicorn.crewed !== true) {
    throw new UsageError(
      `${unicorn.name} ("${unicornId}") is a bot, flown by no account. Crewed unicorns: ${crewed.join(", ")}.`,
    );
  }
  return { role, email, unicorn };
}

/** A pool's account: its `sub` (the tokens' subject, the crew link's key) and Cognito's status for it. */
export interface Account {
  sub: string;
  status: string;
}

/** The pool's administrator calls this script makes. */
export interface Pool {
  id: string;
  find(email: string): Promise<Account | null>;
  /** Makes the account; Cognito mails it a temporary password. */
  invite(email: string): Promise<Account>;
  /** Mails an account that never signed in a new temporary password. */
  reinvite(email: string): Promise<void>;
  addToGroup(email: string, group: string): Promise<void>;
}

/** The table's side: the crewed unicorn's stored profile and the accounts' links. */
export interface CrewStore {
  table: string;
  unicorn(name: string): Promise<{ crewed?: boolean; accountSub?: string } | null>;
  linkOf(sub: string): Promise<CrewLink | null>;
  link(sub: string, unicorn: UnicornProfile): Promise<void>;
}

/** Adds the account and says what it did, a line per step. */
export async function addAccount(request: AccountRequest, pool: Pool, store: CrewStore): Promise<string[]> {
  const existing = await pool.find(request.email);
  if (request.role === "unicorn") await checkUnicorn(request.unicorn, existing, store);

  const said: string[] = [];
  let account = existing;
  if (!account) {
    account = await pool.invite(request.email);
    said.push(`Made ${request.email} in ${pool.id}: Cognito mails it a temporary password, valid 7 days.`);
  } else if (account.status === "FORCE_CHANGE_PASSWORD") {
    await pool.reinvite(request.email);
    said.push(`${request.email} exists and never signed in: Cognito mails it a new temporary password.`);
  } else if (account.status === "UNCONFIRMED") {
    said.push(`${request.email} signed itself up and keeps its password, but must still confirm its email to sign in.`);
  } else {
    said.push(`${request.email} exists (${account.status}) and keeps its password.`);
  }

  if (request.role === "unicorn") {
    const { unicorn } = request;
    try {
      await store.link(account.sub, unicorn);
    } catch (error) {
      if ((error as Error).name !== "TransactionCanceledException") throw error;
      throw new Refusal(
        `${unicorn.name} or ${request.email} was linked elsewhere meanwhile; nothing was linked. Run this again.`,
      );
    }
    said.push(`Linked to ${unicorn.name} ("${unicorn.unicornId}") in ${store.table}.`);
  }
  // Last: an account whose link failed stays a rider rather than a unicorn with no unicorn.
  await pool.addToGroup(request.email, groupOf[request.role]);
  said.push(`In group "${groupOf[request.role]}" (account ${account.sub}).`);
  return said;
}

/** Refuses, before anything is made, a unicorn that is not seeded, not crewed, or flown by another account. */
async function checkUnicorn(unicorn: UnicornProfile, account: Account | null, store: CrewStore): Promise<void> {
  const stored = await store.unicorn(unicorn.name);
  if (!stored) {
    throw new Refusal(
      `${unicorn.name} is not in ${store.table}: seed the fleet first (npx tsx scripts/seed-fleet.ts in sst shell).`,
    );
  }
  if (stored.crewed !== true) {
    throw new Refusal(`${unicorn.name} is stored as a bot in ${store.table}, so no account can fly it.`);
  }
  if (stored.accountSub && stored.accountSub !== account?.sub) {
    throw new Refusal(`${unicorn.name} is already flown by another account (${stored.accountSub}).`);
  }
  const link = account ? await store.linkOf(account.sub) : null;
  if (link && link.unicornId !== unicorn.unicornId) {
    throw new Refusal(`That account already flies ${link.name} ("${link.unicornId}"); an account flies one unicorn.`);
  }
}

/** A pool id is "<region>_<id>": the pool's own region, whatever the shell's default. */
export function regionOfPool(poolId: string): string {
  const region = /^([a-z]{2}(?:-[a-z]+)+-\d+)_\w+$/.exec(poolId)?.[1];
  if (!region) throw new Error(`"${poolId}" is not a Cognito user pool id`);
  return region;
}

const attribute = (attributes: AttributeType[] | undefined, name: string) =>
  attributes?.find((a) => a.Name === name)?.Value;

/** The Pool on Cognito's API. Usernames are emails on this pool, so each call names the account by its email. */
export function cognitoPool(
  poolId: string,
  client = new CognitoIdentityProviderClient({ region: regionOfPool(poolId) }),
): Pool {
  const find = async (email: string): Promise<Account | null> => {
    try {
      const user = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }));
      return { sub: String(attribute(user.UserAttributes, "sub")), status: String(user.UserStatus) };
    } catch (error) {
      if ((error as Error).name === "UserNotFoundException") return null;
      throw error;
    }
  };
  return {
    id: poolId,
    find,
    async invite(email) {
      const made = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: email,
          UserAttributes: [
            { Name: "email", Value: email },
            { Name: "email_verified", Value: "true" },
          ],
          DesiredDeliveryMediums: ["EMAIL"],
        }),
      );
      const sub = attribute(made.User?.Attributes, "sub");
      if (sub) return { sub, status: String(made.User?.UserStatus) };
      const found = await find(email);
      if (!found) throw new Error(`Cognito made ${email} but cannot find it`);
      return found;
    },
    async reinvite(email) {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: email,
          MessageAction: "RESEND",
          DesiredDeliveryMediums: ["EMAIL"],
        }),
      );
    },
    async addToGroup(email, group) {
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: email, GroupName: group }));
    },
  };
}

/** The CrewStore on the stage's table. */
export const tableStore = (): CrewStore => ({
  table: Db.tableName(),
  async unicorn(name) {
    const out = await Db.documents().send(new GetCommand({ TableName: Db.tableName(), Key: Keys.unicorn(name) }));
    return (out.Item as { crewed?: boolean; accountSub?: string } | undefined) ?? null;
  },
  linkOf: (sub) => Crew.linkOf(sub),
  link: (sub, unicorn) => Crew.link(sub, unicorn),
});

/**
 * The pool `sst shell` links as `Resource.Riders` (infra/auth.ts's CognitoUserPool; infra/test/roles-suite.ts
 * asserts the link). sst-env.d.ts types only what the handlers link, hence the cast.
 */
function linkedPoolId(): string {
  try {
    const riders = (Resource as unknown as Record<string, { id?: unknown } | undefined>).Riders;
    if (typeof riders?.id === "string") return riders.id;
  } catch {
    // SST's "links are not active": said below.
  }
  throw new UsageError("The stage's user pool is not linked: run this inside `npx sst shell --stage <stage> --`.");
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage);
    return 0;
  }
  try {
    const request = parseArgs(args);
    const lines = await addAccount(request, cognitoPool(linkedPoolId()), tableStore());
    for (const line of lines) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      return 2;
    }
    console.error(error instanceof Refusal ? `Refused: ${error.message}` : error);
    return 1;
  }
}

// Run as a script, not when a test imports it.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}

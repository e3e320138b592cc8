/**
 * The accounts `npm start` makes so the other sides of the app can be tried at once: one per crewed unicorn of the
 * roster (group `unicorns`, linked to its unicorn) and one operator (group `operators`), all with one documented
 * password. Made again on every start that seeds, idempotently: a persisted pool and table keep them as they are.
 * In the cloud nobody gets these: an administrator adds crews and operators with the same calls (AdminCreateUser,
 * AdminSetUserPassword, AdminAddUserToGroup) and links each crew with `Crew.link`.
 */
import { groups } from "@wildrydes/core/rules/roles";
import { seattleFleet, type UnicornProfile } from "@wildrydes/core/rules/roster";
import type { AdminCall } from "./admin";

/** Every demo account's password (it meets the pool's policy, core/src/rules/password-policy.ts). */
export const demoPassword = "Wild-Rydes-Demo-1";

export interface DemoAccount {
  email: string;
  password: string;
}

/** As `.local/endpoints.json` lists them (docs/api.md, "Accounts and roles"). */
export interface DemoAccounts {
  unicorns: (DemoAccount & { unicornId: string })[];
  operator: DemoAccount;
}

/** The demo accounts of a roster: `<unicornId>@unicorns.wildrydes.local` for each crewed unicorn, and the operator. */
export function demoAccounts(roster: readonly UnicornProfile[] = seattleFleet): DemoAccounts {
  return {
    unicorns: roster
      .filter((u) => u.crewed)
      .map((u) => ({
        email: `${u.unicornId}@unicorns.wildrydes.local`,
        password: demoPassword,
        unicornId: u.unicornId,
      })),
    operator: { email: "operator@wildrydes.local", password: demoPassword },
  };
}

export interface SeedDemoAccountsOptions {
  admin: AdminCall;
  userPoolId: string;
  accounts: DemoAccounts;
  roster?: readonly UnicornProfile[];
  /** Links an account to its crewed unicorn (`Crew.link`: idempotent for the same account). */
  link: (accountSub: string, unicorn: UnicornProfile) => Promise<void>;
  log?: (line: string) => void;
}

/** Makes (or keeps) the demo accounts: confirmed, with the demo password, in their group, crews linked. */
export async function seedDemoAccounts(o: SeedDemoAccountsOptions): Promise<void> {
  const roster = o.roster ?? seattleFleet;
  const crews = o.accounts.unicorns.map(async (account) => {
    const unicorn = roster.find((u) => u.unicornId === account.unicornId);
    if (!unicorn?.crewed) throw new Error(`demo account ${account.email}: ${account.unicornId} is no crewed unicorn`);
    const sub = await ensureAccount(o, account, groups.unicorns);
    try {
      await o.link(sub, unicorn);
    } catch (error) {
      // Only when the pool and the table were kept apart (one of .local/data's folders deleted): say how to mend it.
      if ((error as Error).name !== "TransactionCanceledException") throw error;
      o.log?.(
        `demo account ${account.email} could not be linked: ${unicorn.name} is linked to another account ` +
          "(the pool and the table disagree; delete .local/data to start afresh)",
      );
    }
  });
  await Promise.all([...crews, ensureAccount(o, o.accounts.operator, groups.operators)]);
}

/** The account's sub, after making it if need be, setting the demo password and adding it to `group`. */
async function ensureAccount(o: SeedDemoAccountsOptions, account: DemoAccount, group: string): Promise<string> {
  const call = async (target: string, request: Record<string, unknown>) => {
    const reply = await o.admin(target, { UserPoolId: o.userPoolId, ...request });
    if (reply.status !== 200) {
      const reason = `${String(reply.body.__type)}: ${String(reply.body.message ?? "")}`;
      throw new Error(`demo account ${account.email}: ${target} failed (${reason})`);
    }
    return reply.body;
  };
  const found = await o.admin("AdminGetUser", { UserPoolId: o.userPoolId, Username: account.email });
  let user = found.body;
  if (found.status !== 200) {
    if (found.body.__type !== "UserNotFoundException") {
      throw new Error(`demo account ${account.email}: AdminGetUser failed (${String(found.body.__type)})`);
    }
    await call("AdminCreateUser", {
      Username: account.email,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: account.email },
        { Name: "email_verified", Value: "true" },
      ],
    });
    user = await call("AdminGetUser", { Username: account.email });
  }
  // Every start: the documented password works even after someone changed it, and the account is confirmed.
  await call("AdminSetUserPassword", { Username: account.email, Password: account.password, Permanent: true });
  await call("AdminAddUserToGroup", { Username: account.email, GroupName: group });
  const attributes = (user.UserAttributes ?? []) as { Name: string; Value: string }[];
  const sub = attributes.find((a) => a.Name === "sub")?.Value;
  if (!sub) throw new Error(`demo account ${account.email}: cognito-local gave it no sub`);
  return sub;
}

/** What `npm start` prints after its URL: one line per account. */
export function demoAccountLines(accounts: DemoAccounts): string[] {
  const width = Math.max(accounts.operator.email.length, ...accounts.unicorns.map((u) => u.email.length));
  const line = (who: string, account: DemoAccount) => `  ${account.email.padEnd(width)}  ${account.password}  ${who}`;
  return [
    "Demo accounts (email, password, role):",
    ...accounts.unicorns.map((u) => line(`unicorn ${u.unicornId}`, u)),
    line("operator", accounts.operator),
  ];
}

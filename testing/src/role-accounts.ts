/**
 * Accounts with a role, for tests: a Cognito group is given as the pool's administrator gives it, with a call
 * signed by IAM keys (the local stack's), through the same Cognito endpoint riders use; and the demo accounts
 * `npm start` makes (local/src/cognito/demo-accounts.ts), signed in.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { groups } from "@wildrydes/core/rules/roles";
import type { UnicornProfile } from "@wildrydes/core/rules/roster";
import { CognitoCallError, signIn, type Tokens } from "@wildrydes/local/cognito/accounts";
import type { DemoAccount } from "@wildrydes/local/cognito/demo-accounts";
import type { Endpoints } from "@wildrydes/local/stack";
import { newRider, type Rider, uniqueEmail } from "./rider-accounts";

type CognitoSide = Pick<
  Endpoints,
  "cognitoEndpoint" | "userPoolClientId" | "verificationCode" | "userPoolId" | "region"
>;

const localKeys = { accessKeyId: "local", secretAccessKey: "local" };

/**
 * One call of the pool's administrator (AdminAddUserToGroup, AdminListGroupsForUser...), signed with SigV4 for
 * `cognito-idp` (by default with the local stack's keys), as the AWS SDK sends it; throws Cognito's error.
 */
export async function adminCall<T = Record<string, unknown>>(
  side: Pick<CognitoSide, "cognitoEndpoint" | "region">,
  target: string,
  body: unknown,
  credentials = localKeys,
): Promise<T> {
  const url = new URL(side.cognitoEndpoint);
  const signer = new SignatureV4({ service: "cognito-idp", region: side.region, credentials, sha256: Sha256 });
  const text = JSON.stringify(body);
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    headers: {
      host: url.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${target}`,
    },
    body: text,
  });
  const { host: _, ...headers } = signed.headers;
  const response = await fetch(url, { method: "POST", headers, body: text });
  const reply = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new CognitoCallError(String(reply.__type ?? response.status), String(reply.message ?? ""));
  return reply as T;
}

/** Adds an account (its email or username) to a group of the pool. Its next tokens name the group. */
export async function addToGroup(side: CognitoSide, username: string, group: string): Promise<void> {
  await adminCall(side, "AdminAddUserToGroup", { UserPoolId: side.userPoolId, Username: username, GroupName: group });
}

/** The groups an account is in, as the administrator reads them. */
export async function groupsOf(side: CognitoSide, username: string): Promise<string[]> {
  const reply = await adminCall<{ Groups: { GroupName: string }[] }>(side, "AdminListGroupsForUser", {
    UserPoolId: side.userPoolId,
    Username: username,
  });
  return reply.Groups.map((g) => g.GroupName).sort();
}

/** A brand-new account in `memberOf` groups, signed in after joining them, so its tokens carry `cognito:groups`. */
export async function newAccountIn(side: CognitoSide, memberOf: readonly string[], label = "member"): Promise<Rider> {
  const account = await newRider(side, uniqueEmail(label));
  for (const group of memberOf) await addToGroup(side, account.email, group);
  return {
    ...account,
    ...(await signIn(side.cognitoEndpoint, side.userPoolClientId, account.email, account.password)),
  };
}

/**
 * A new account in the `unicorns` group; with `link`, linked to that crewed unicorn (`Crew.link`, so this process
 * must be pointed at the stack's table: sharedStack() or a stack of the file's own does it). Without, it flies none.
 */
export async function newUnicornAccount(side: CognitoSide, o: { link?: UnicornProfile } = {}): Promise<Rider> {
  const account = await newAccountIn(side, [groups.unicorns], "crew");
  if (o.link) {
    const { Crew } = await import("@wildrydes/core/store/crew");
    await Crew.link(account.sub, o.link);
  }
  return account;
}

/** A new account in the `operators` group. */
export const newOperatorAccount = (side: CognitoSide) => newAccountIn(side, [groups.operators], "operator");

/** Signs a demo account in (SRP, as the web app does). */
export function signInDemo(side: CognitoSide, account: DemoAccount): Promise<Tokens> {
  return signIn(side.cognitoEndpoint, side.userPoolClientId, account.email, account.password);
}

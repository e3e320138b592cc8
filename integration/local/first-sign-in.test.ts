/**
 * An account the pool's administrator adds with a temporary password (scripts/add-account.ts does it in the cloud)
 * chooses its own at its first sign-in, as Cognito has it: the SRP sign-in ends in NEW_PASSWORD_REQUIRED instead of
 * tokens; the answer with the challenge's session sets the new password once it meets the pool's policy, confirms
 * the account and gives tokens with its groups; from then on it signs in like any other account. Checked with raw
 * calls and with Amplify v6's own signIn and confirmSignIn (what the web app calls), on the shared stack, with the
 * administrator's calls signed as IAM signs them. A session past its three minutes: cognito-proxy.test.ts.
 */
import { groups } from "@wildrydes/core/rules/roles";
import { chooseNewPassword, passwordSignIn, signIn, type Tokens } from "@wildrydes/local/cognito/accounts";
import { uniqueEmail } from "@wildrydes/testing/rider-accounts";
import { apiClient } from "@wildrydes/testing/rider-api";
import { addToGroup, adminCall } from "@wildrydes/testing/role-accounts";
import { sharedStack } from "@wildrydes/testing/shared-stack";
import { claimsOf } from "@wildrydes/testing/tokens";
import { Amplify } from "aws-amplify";
import { signIn as amplifySignIn, confirmSignIn, fetchAuthSession, signOut } from "aws-amplify/auth";
import { beforeAll, describe, expect, it } from "vitest";

const endpoints = await sharedStack();
const { cognitoEndpoint: endpoint, userPoolClientId: clientId, userPoolId } = endpoints;
const api = apiClient(endpoints);

/** What the invitation mail would carry; it meets the policy, as Cognito wants of a temporary password too. */
const temporary = "Temporary-Horn-1";
const chosen = "Chosen-Horn-2026";
const incorrect = {
  type: "NotAuthorizedException",
  message: "NotAuthorizedException: Incorrect username or password.",
};
const invalidSession = {
  type: "NotAuthorizedException",
  message: "NotAuthorizedException: Invalid session for the user.",
};

/** As scripts/add-account.ts adds an account, with the temporary password given instead of generated and mailed. */
async function invite(group: string, label: string): Promise<string> {
  const email = uniqueEmail(label);
  await adminCall(endpoints, "AdminCreateUser", {
    UserPoolId: userPoolId,
    Username: email,
    TemporaryPassword: temporary,
    MessageAction: "SUPPRESS",
    UserAttributes: [
      { Name: "email", Value: email },
      { Name: "email_verified", Value: "true" },
    ],
  });
  await addToGroup(endpoints, email, group);
  return email;
}

const statusOf = async (email: string) =>
  (await adminCall<{ UserStatus: string }>(endpoints, "AdminGetUser", { UserPoolId: userPoolId, Username: email }))
    .UserStatus;

/** A raw RespondToAuthChallenge answering NEW_PASSWORD_REQUIRED, for the answers a client library would not send. */
const answer = (o: { session: unknown; username: unknown; newPassword?: string }) =>
  chooseNewPassword(
    endpoint,
    clientId,
    { Session: o.session as string, ChallengeParameters: { USER_ID_FOR_SRP: o.username as string } },
    o.newPassword ?? chosen,
  );

describe("an invited account's first sign-in, call by call", () => {
  it("gets NEW_PASSWORD_REQUIRED, keeps it through refused passwords, chooses one and signs in with it", async () => {
    const email = await invite(groups.unicorns, "invited-crew");
    expect(await statusOf(email)).toBe("FORCE_CHANGE_PASSWORD");
    await expect(passwordSignIn(endpoint, clientId, email, "Not-The-Temporary-1")).rejects.toMatchObject(incorrect);

    const challenge = await passwordSignIn(endpoint, clientId, email, temporary);
    expect(challenge.AuthenticationResult).toBeUndefined();
    expect(challenge).toMatchObject({
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: expect.stringMatching(/^[A-Za-z0-9+/=]{100,}$/),
      ChallengeParameters: { requiredAttributes: "[]" },
    });
    const parameters = challenge.ChallengeParameters ?? {};
    // Cognito lists what the account may set: its attributes without `sub`.
    expect(JSON.parse(parameters.userAttributes ?? "")).toEqual({ email, email_verified: "true" });

    // The pool's policy, in Cognito's words; each refusal leaves the session to answer again, and nothing set.
    for (const [weak, rule] of [
      ["Short-1", "Password not long enough"],
      ["all-lowercase-1", "Password must have uppercase characters"],
    ] as const) {
      await expect(chooseNewPassword(endpoint, clientId, challenge, weak)).rejects.toMatchObject({
        type: "InvalidPasswordException",
        message: `InvalidPasswordException: Password did not conform with policy: ${rule}`,
      });
    }
    expect(await statusOf(email)).toBe("FORCE_CHANGE_PASSWORD");

    const tokens = await chooseNewPassword(endpoint, clientId, challenge, chosen);
    expect(claimsOf(tokens.accessToken)["cognito:groups"]).toEqual([groups.unicorns]);
    expect(claimsOf(tokens.idToken)).toMatchObject({ email, "cognito:groups": [groups.unicorns] });
    expect(await statusOf(email)).toBe("CONFIRMED");
    // The API takes the tokens as a crew's: the riders' routes, and its own (it flies no unicorn yet: 403).
    expect((await api("GET", "/rides", { token: tokens.accessToken })).status).toBe(200);
    expect(await api("GET", "/unicorn/me", { token: tokens.accessToken })).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });

    // One answer per session: the same one again is refused, even with another good password.
    await expect(chooseNewPassword(endpoint, clientId, challenge, "Another-Horn-3")).rejects.toMatchObject(
      invalidSession,
    );
    // The chosen password signs in to tokens at once; the temporary one no longer signs in at all.
    const again = await signIn(endpoint, clientId, email, chosen);
    expect(claimsOf(again.accessToken)).toMatchObject({ sub: claimsOf(tokens.accessToken).sub });
    await expect(passwordSignIn(endpoint, clientId, email, temporary)).rejects.toMatchObject(incorrect);
  });

  it("refuses a session it never gave, one given to another account, and an answer without a password", async () => {
    const [first, second] = await Promise.all([
      invite(groups.operators, "invited-op"),
      invite(groups.unicorns, "other"),
    ]);
    const [one, other] = await Promise.all([
      passwordSignIn(endpoint, clientId, first, temporary),
      passwordSignIn(endpoint, clientId, second, temporary),
    ]);
    const username = one.ChallengeParameters?.USER_ID_FOR_SRP;
    await expect(answer({ session: "bm90IGEgc2Vzc2lvbg==", username })).rejects.toMatchObject(invalidSession);
    await expect(answer({ session: other.Session, username })).rejects.toMatchObject(invalidSession);
    await expect(answer({ session: one.Session, username, newPassword: "" })).rejects.toMatchObject({
      type: "InvalidParameterException",
    });
    await expect(answer({ session: one.Session, username: undefined })).rejects.toMatchObject({
      type: "InvalidParameterException",
    });
    expect(await Promise.all([statusOf(first), statusOf(second)])).toEqual([
      "FORCE_CHANGE_PASSWORD",
      "FORCE_CHANGE_PASSWORD",
    ]);

    // Each session still answers for its own account, named by its email as well as by USER_ID_FOR_SRP.
    const operator: Tokens = await answer({ session: one.Session, username: first });
    expect(claimsOf(operator.accessToken)["cognito:groups"]).toEqual([groups.operators]);
    await chooseNewPassword(endpoint, clientId, other, chosen);
    expect(await Promise.all([statusOf(first), statusOf(second)])).toEqual(["CONFIRMED", "CONFIRMED"]);
  });

  it("refuses a temporary password that breaks the policy when the administrator sets it", async () => {
    await expect(
      adminCall(endpoints, "AdminCreateUser", {
        UserPoolId: userPoolId,
        Username: uniqueEmail("weak-invite"),
        TemporaryPassword: "weak",
        MessageAction: "SUPPRESS",
      }),
    ).rejects.toMatchObject({ type: "InvalidPasswordException" });
  });
});

describe("an invited account's first sign-in with Amplify v6, as the web app makes it", () => {
  beforeAll(() => {
    Amplify.configure({
      Auth: {
        Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: endpoint, loginWith: { email: true } },
      },
    });
  });

  it("signIn asks for a new password; confirmSignIn refuses a weak one, takes a good one and signs in", async () => {
    const email = await invite(groups.unicorns, "amplify-crew");
    const first = await amplifySignIn({ username: email, password: temporary });
    expect(first).toEqual({
      isSignedIn: false,
      nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED", missingAttributes: [] },
    });
    await expect(confirmSignIn({ challengeResponse: "too-weak" })).rejects.toMatchObject({
      name: "InvalidPasswordException",
    });
    expect(await confirmSignIn({ challengeResponse: chosen })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: "DONE" },
    });
    const { tokens } = await fetchAuthSession();
    expect(tokens?.accessToken.payload["cognito:groups"]).toEqual([groups.unicorns]);
    await signOut();

    expect(await amplifySignIn({ username: email, password: chosen })).toMatchObject({ isSignedIn: true });
    await signOut();
    await expect(amplifySignIn({ username: email, password: temporary })).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });
});

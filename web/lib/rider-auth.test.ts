/**
 * rider-auth's sign-in steps over Amplify, Amplify stubbed: an invited account's first sign-in (temporary password,
 * then its own: Cognito's NEW_PASSWORD_REQUIRED) and the problems it can meet, in words for people. Against the
 * real local Cognito: integration/local/first-sign-in.test.ts; in Chromium: e2e/tests/first-sign-in.spec.ts.
 */
import { groups } from "@wildrydes/core/rules/roles";
import { beforeEach, describe, expect, it, vi } from "vitest";

const auth = vi.hoisted(() => ({
  signIn: vi.fn(),
  confirmSignIn: vi.fn(),
  fetchAuthSession: vi.fn(),
  signOut: vi.fn(),
}));
vi.mock("aws-amplify", () => ({ Amplify: { configure: vi.fn() } }));
vi.mock("aws-amplify/auth", () => auth);

const { AuthProblem, chooseFirstPassword, homeOf, signInRider } = await import("./rider-auth");

/** An error as Amplify throws Cognito's: its name is the exception's. */
const cognitoError = (name: string, message = name) => Object.assign(new Error(message), { name });
const newPasswordStep = {
  isSignedIn: false,
  nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED", missingAttributes: [] },
};
const sessionIn = (...memberOf: string[]) => ({
  tokens: { accessToken: { payload: { "cognito:groups": memberOf } } },
});

beforeEach(() => {
  for (const stub of Object.values(auth)) stub.mockReset();
});

describe("an invited account's first sign-in", () => {
  it("asks for a new password when Cognito answers the temporary one with NEW_PASSWORD_REQUIRED", async () => {
    auth.signIn.mockResolvedValue(newPasswordStep);
    expect(await signInRider(" Sam@Example.com ", "Temporary-Horn-1")).toEqual({ status: "needsNewPassword" });
    expect(auth.signIn).toHaveBeenCalledWith({ username: "sam@example.com", password: "Temporary-Horn-1" });
    expect(auth.fetchAuthSession).not.toHaveBeenCalled();
  });

  it("sets the chosen password with confirmSignIn and signs in with the groups of the tokens it got", async () => {
    auth.confirmSignIn.mockResolvedValue({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    auth.fetchAuthSession.mockResolvedValue(sessionIn(groups.unicorns));
    const account = await chooseFirstPassword("Sam@Example.com", "Chosen-Horn-2026");
    expect(auth.confirmSignIn).toHaveBeenCalledWith({ challengeResponse: "Chosen-Horn-2026" });
    expect(account).toEqual({ email: "sam@example.com", groups: [groups.unicorns] });
    // Where a crew's sign-in lands; an operator's on the dashboard (/ops/), a rider's on the ride page.
    expect(homeOf(account)).toBe("/unicorn/");
    auth.fetchAuthSession.mockResolvedValue(sessionIn(groups.operators));
    expect(homeOf(await chooseFirstPassword("ops@example.com", "Chosen-Horn-2026"))).toBe("/ops/");
    auth.fetchAuthSession.mockResolvedValue(sessionIn());
    expect(homeOf(await chooseFirstPassword("rider@example.com", "Chosen-Horn-2026"))).toBe("/ride/");
  });

  it("says a refused password breaks the rules, and leaves the sign-in open to try another", async () => {
    auth.confirmSignIn.mockRejectedValue(
      cognitoError("InvalidPasswordException", "Password did not conform with policy: Password not long enough"),
    );
    const refused = chooseFirstPassword("sam@example.com", "Short-1");
    await expect(refused).rejects.toBeInstanceOf(AuthProblem);
    await expect(refused).rejects.toMatchObject({
      code: "InvalidPasswordException",
      message: "That password doesn't meet the password rules below.",
    });
  });

  it("sends the account back to sign in again once the sign-in has expired, at Cognito or in Amplify", async () => {
    for (const name of ["NotAuthorizedException", "SignInException"]) {
      auth.confirmSignIn.mockRejectedValue(cognitoError(name, "Invalid session for the user."));
      await expect(chooseFirstPassword("sam@example.com", "Chosen-Horn-2026")).rejects.toMatchObject({
        code: "SignInExpired",
        message: expect.stringMatching(/^Your sign-in expired .* Sign in again with your temporary password\.$/),
      });
    }
  });

  it("says when the temporary password is past its days, and keeps the usual words for a wrong one", async () => {
    auth.signIn.mockRejectedValue(
      cognitoError("NotAuthorizedException", "Temporary password has expired and must be reset by an administrator."),
    );
    await expect(signInRider("sam@example.com", "Temporary-Horn-1")).rejects.toMatchObject({
      code: "TemporaryPasswordExpired",
      message: expect.stringMatching(/^Your temporary password has expired\. Ask whoever added your account/),
    });
    auth.signIn.mockRejectedValue(cognitoError("NotAuthorizedException", "Incorrect username or password."));
    await expect(signInRider("sam@example.com", "Wrong-Horn-1")).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "That email and password don't match. Check them and try again.",
    });
  });

  it("still refuses, in words, a step this app does not take", async () => {
    auth.signIn.mockResolvedValue({ isSignedIn: false, nextStep: { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" } });
    await expect(signInRider("sam@example.com", "Any-Horn-1")).rejects.toMatchObject({
      code: "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
      message: "This account needs a sign-in step this app doesn't support yet.",
    });
  });
});

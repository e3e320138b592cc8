/**
 * Rider sign-up, sign-in and session, backed by Cognito through Amplify v6.
 * Amplify is imported lazily (about 55 KB gzip), so pages load it only when a rider acts or the stored session is
 * missing or due for a refresh (lib/stored-session.ts reads a fresh one without it).
 */
import { groups, groupsOf } from "@wildrydes/core/rules/roles";
import { config } from "./config";
import { freshStoredSession, lastAuthUserKey } from "./stored-session";

type AuthModule = typeof import("aws-amplify/auth");

let loading: Promise<AuthModule> | undefined;

/**
 * Amplify, configured once for this site: Auth, and the AppSync Events API when live updates are on (their socket
 * signs in with this same session; lib/live-channel.ts). Configuring is data only: the events client loads apart.
 */
export function loadAuth(): Promise<AuthModule> {
  loading ??= (async () => {
    const [{ Amplify }, auth] = await Promise.all([import("aws-amplify"), import("aws-amplify/auth")]);
    const eventsUrl = config.eventsUrl;
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: config.userPoolId,
          userPoolClientId: config.userPoolClientId,
          ...(config.cognitoEndpoint ? { userPoolEndpoint: config.cognitoEndpoint } : {}),
          loginWith: { email: true },
        },
      },
      ...(eventsUrl
        ? { API: { Events: { endpoint: eventsUrl, region: config.region, defaultAuthMode: "userPool" as const } } }
        : {}),
    });
    return auth;
  })();
  return loading;
}

/** A rider-facing auth failure: `message` is written for people, `code` for code. */
export class AuthProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "AuthProblem";
  }
}

const messages: Record<string, string> = {
  NotAuthorizedException: "That email and password don't match. Check them and try again.",
  UserNotFoundException: "That email and password don't match. Check them and try again.",
  UsernameExistsException: "An account with this email already exists. Sign in instead.",
  InvalidPasswordException: "That password doesn't meet the password rules below.",
  InvalidParameterException: "Something in the form isn't valid. Check the fields and try again.",
  CodeMismatchException: "That code isn't right. Check the email we sent and try again.",
  ExpiredCodeException: "That code has expired. Send a new code and try again.",
  LimitExceededException: "Too many attempts. Wait a few minutes and try again.",
  TooManyRequestsException: "Too many attempts. Wait a few minutes and try again.",
  TooManyFailedAttemptsException: "Too many attempts. Wait a few minutes and try again.",
  NetworkError: "We couldn't reach the sign-in service. Check your connection and try again.",
  EmptySignInUsername: "Enter your email.",
  EmptySignInPassword: "Enter your password.",
  EmptySignUpUsername: "Enter your email.",
  EmptySignUpPassword: "Enter a password.",
  EmptyConfirmSignUpCode: "Enter the code from your email.",
  EmptyResetPasswordUsername: "Enter your email.",
  EmptyConfirmResetPasswordUsername: "Enter your email.",
  EmptyConfirmResetPasswordNewPassword: "Enter a new password.",
  EmptyConfirmResetPasswordConfirmationCode: "Enter the code from your email.",
  EmptyChallengeResponse: "Choose a password.",
  SignInExpired: "Your sign-in expired before your new password was set. Sign in again with your temporary password.",
  TemporaryPasswordExpired:
    "Your temporary password has expired. Ask whoever added your account to send you a new one, then sign in with it.",
};

/** Cognito's NotAuthorizedException when an administrator's temporary password is past its days (infra/auth.ts). */
const temporaryPasswordExpired = /temporary password has expired/i;

function toProblem(error: unknown): AuthProblem {
  if (error instanceof AuthProblem) return error;
  const name = error instanceof Error ? error.name : "Unknown";
  // fetch failures surface as TypeError ("Failed to fetch") when the endpoint is down or blocked.
  let code = error instanceof TypeError ? "NetworkError" : name;
  if (code === "NotAuthorizedException" && temporaryPasswordExpired.test((error as Error).message)) {
    code = "TemporaryPasswordExpired";
  }
  return new AuthProblem(code, messages[code] ?? "Something went wrong. Please try again.");
}

async function attempt<T>(work: (auth: AuthModule) => Promise<T>): Promise<T> {
  try {
    return await work(await loadAuth());
  } catch (error) {
    throw toProblem(error);
  }
}

/** Emails are usernames; one spelling per rider avoids "account not found" for a capital letter. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Cheap, synchronous hint that a session may exist, read from Amplify's storage keys without loading Amplify. */
export function mightHaveSession(): boolean {
  try {
    return window.localStorage.getItem(lastAuthUserKey()) !== null;
  } catch {
    return false;
  }
}

export interface Rider {
  email: string;
  /**
   * The account's Cognito groups (docs/api.md, "Accounts and roles"): none for a rider, `unicorns` for a crew,
   * `operators` for an operator.
   */
  groups: readonly string[];
}

/** An account that flies a unicorn of the fleet (it may still ride, too). */
export const isUnicorn = (account: Rider) => account.groups.includes(groups.unicorns);

/** An account of the `operators` group: it reads the operator's dashboard (/ops/, GET /ops/metrics). */
export const isOperator = (account: Rider) => account.groups.includes(groups.operators);

/** Where an account starts once signed in: the dashboard for an operator, its unicorn's page for a crew, else the ride page. */
export const homeOf = (account: Rider) => (isOperator(account) ? "/ops/" : isUnicorn(account) ? "/unicorn/" : "/ride/");

type AuthTokens = NonNullable<Awaited<ReturnType<AuthModule["fetchAuthSession"]>>["tokens"]>;
const groupsIn = (tokens: AuthTokens | undefined) => groupsOf(tokens?.accessToken.payload["cognito:groups"]);

/** The signed-in rider, or null. Never throws: an unreadable session counts as signed out. */
export async function currentRider(): Promise<Rider | null> {
  if (!mightHaveSession()) return null;
  const stored = freshStoredSession();
  if (stored) return { email: stored.email, groups: stored.groups };
  try {
    const auth = await loadAuth();
    const session = await auth.fetchAuthSession();
    if (!session.tokens?.accessToken) return null;
    const email = session.tokens.idToken?.payload.email;
    const user = await auth.getCurrentUser();
    return {
      email: typeof email === "string" ? email : (user.signInDetails?.loginId ?? user.username),
      groups: groupsIn(session.tokens),
    };
  } catch {
    return null;
  }
}

export type SignInOutcome =
  | { status: "signedIn"; rider: Rider }
  | { status: "needsVerification" }
  /**
   * An account an administrator made (a crew's, an operator's: scripts/add-account.ts) signed in with its temporary
   * password; it chooses its own with `chooseFirstPassword` to finish signing in.
   */
  | { status: "needsNewPassword" };

const unsupportedStep = "This account needs a sign-in step this app doesn't support yet.";

/** The account Amplify has just signed in: the groups of the tokens it stored say where it starts. */
async function signedIn(auth: AuthModule, email: string): Promise<Rider> {
  const { tokens } = await auth.fetchAuthSession();
  return { email, groups: groupsIn(tokens) };
}

export function signInRider(emailInput: string, password: string): Promise<SignInOutcome> {
  const email = normaliseEmail(emailInput);
  return attempt(async (auth) => {
    // Amplify's default USER_SRP_AUTH: the password never leaves the browser (the local Cognito proxy speaks SRP too).
    const request = { username: email, password };
    let result: Awaited<ReturnType<AuthModule["signIn"]>>;
    try {
      result = await auth.signIn(request);
    } catch (error) {
      // A stale session of another rider blocks signIn; end it and try once more.
      if (!(error instanceof Error && error.name === "UserAlreadyAuthenticatedException")) throw error;
      await auth.signOut();
      result = await auth.signIn(request);
    }
    if (result.isSignedIn) return { status: "signedIn", rider: await signedIn(auth, email) };
    const step = result.nextStep.signInStep;
    if (step === "CONFIRM_SIGN_UP") return { status: "needsVerification" };
    // Cognito's NEW_PASSWORD_REQUIRED. The pool requires no attribute but the email, which an invited account has.
    if (step === "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED") return { status: "needsNewPassword" };
    throw new AuthProblem(step, unsupportedStep);
  });
}

/**
 * Finishes the first sign-in of an account an administrator made (`needsNewPassword`): Cognito takes the password it
 * chose in place of the temporary one (confirmSignIn answers NEW_PASSWORD_REQUIRED) and signs it in. Cognito holds
 * the sign-in open for three minutes, Amplify likewise; after that the problem's code is `SignInExpired`, and the
 * account signs in again with its temporary password. A password the policy refuses leaves the sign-in open.
 */
export function chooseFirstPassword(emailInput: string, newPassword: string): Promise<Rider> {
  const email = normaliseEmail(emailInput);
  return attempt(async (auth) => {
    let result: Awaited<ReturnType<AuthModule["confirmSignIn"]>>;
    try {
      result = await auth.confirmSignIn({ challengeResponse: newPassword });
    } catch (error) {
      // Cognito's "Invalid session for the user", or Amplify's SignInException when its own copy has gone.
      const name = error instanceof Error ? error.name : "";
      if (name === "NotAuthorizedException" || name === "SignInException") {
        throw new AuthProblem("SignInExpired", messages.SignInExpired as string);
      }
      throw error;
    }
    if (!result.isSignedIn) throw new AuthProblem(result.nextStep.signInStep, unsupportedStep);
    return signedIn(auth, email);
  });
}

export type RegisterOutcome = { status: "needsVerification" } | { status: "done" };

export function registerRider(emailInput: string, password: string): Promise<RegisterOutcome> {
  const email = normaliseEmail(emailInput);
  return attempt(async (auth) => {
    const result = await auth.signUp({ username: email, password, options: { userAttributes: { email } } });
    return result.nextStep.signUpStep === "CONFIRM_SIGN_UP" ? { status: "needsVerification" } : { status: "done" };
  });
}

export function verifyEmail(emailInput: string, code: string): Promise<void> {
  return attempt(async (auth) => {
    await auth.confirmSignUp({ username: normaliseEmail(emailInput), confirmationCode: code.trim() });
  });
}

export function resendVerificationCode(emailInput: string): Promise<void> {
  return attempt(async (auth) => {
    await auth.resendSignUpCode({ username: normaliseEmail(emailInput) });
  });
}

/** Sends a reset code. An unknown email looks the same as a known one, so the form never reveals who has an account. */
export function requestPasswordReset(emailInput: string): Promise<void> {
  return attempt(async (auth) => {
    try {
      await auth.resetPassword({ username: normaliseEmail(emailInput) });
    } catch (error) {
      if (!(error instanceof Error && error.name === "UserNotFoundException")) throw error;
    }
  });
}

export function confirmPasswordReset(emailInput: string, code: string, newPassword: string): Promise<void> {
  return attempt(async (auth) => {
    try {
      await auth.confirmResetPassword({
        username: normaliseEmail(emailInput),
        confirmationCode: code.trim(),
        newPassword,
      });
    } catch (error) {
      // As with the request: an unknown email reads as a wrong code.
      if (error instanceof Error && error.name === "UserNotFoundException") {
        throw new AuthProblem("CodeMismatchException", messages.CodeMismatchException as string);
      }
      throw error;
    }
  });
}

export function signOutRider(): Promise<void> {
  return attempt(async (auth) => {
    await auth.signOut();
  });
}

/** The access token the API expects as `Authorization: Bearer`; null when the session is gone. */
export async function accessToken(): Promise<string | null> {
  const stored = freshStoredSession();
  if (stored) return stored.accessToken;
  try {
    const session = await (await loadAuth()).fetchAuthSession();
    return session.tokens?.accessToken.toString() ?? null;
  } catch {
    return null;
  }
}

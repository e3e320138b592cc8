/**
 * A rider's account calls against the local Cognito endpoint (the proxy): sign up, confirm with the fixed code,
 * sign in, and choose a password at an invited account's first sign-in. Tests and scripts use these to get real
 * tokens without a browser.
 */
import { localPool } from "./cognito-local";
import { Srp } from "./srp";

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

export class CognitoCallError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
  }
}

/** One Cognito API call in the AWS JSON 1.1 protocol, as Amplify makes it. */
export async function cognitoCall<T = Record<string, unknown>>(
  endpoint: string,
  target: string,
  body: unknown,
): Promise<T> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const reply = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new CognitoCallError(String(reply.__type ?? response.status), String(reply.message ?? ""));
  return reply as T;
}

/** "Wed Jan 8 09:05:03 UTC 2025": the TIMESTAMP shape Cognito's SRP clients sign. */
function srpTimestamp(now = new Date()): string {
  const [weekday, date, month, year, time] = now.toUTCString().replace(",", "").split(" ");
  return `${weekday} ${month} ${Number(date)} ${time} UTC ${year}`;
}

interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken: string;
}

/** How a password sign-in's last step answers: tokens, or the next challenge (an invited account's first sign-in). */
export interface SignInReply {
  AuthenticationResult?: AuthenticationResult;
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

/** SRP as the web app signs in (the only password flow the local Cognito endpoint allows), answered as it comes. */
export async function passwordSignIn(
  endpoint: string,
  clientId: string,
  email: string,
  password: string,
): Promise<SignInReply> {
  const poolName = localPool.userPoolId.split("_")[1] ?? "";
  const srp = Srp.client({ poolName, password });
  const challenge = await cognitoCall<{ ChallengeParameters: Record<string, string>; Session?: string }>(
    endpoint,
    "InitiateAuth",
    { ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: email, SRP_A: srp.srpA } },
  );
  const { SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME } = challenge.ChallengeParameters;
  const timestamp = srpTimestamp();
  const signature = srp.answer({
    userIdForSrp: String(USER_ID_FOR_SRP),
    salt: String(SALT),
    srpB: String(SRP_B),
    secretBlock: String(SECRET_BLOCK),
    timestamp,
  });
  return cognitoCall<SignInReply>(endpoint, "RespondToAuthChallenge", {
    ClientId: clientId,
    ChallengeName: "PASSWORD_VERIFIER",
    Session: challenge.Session,
    ChallengeResponses: {
      USERNAME,
      PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: signature,
      TIMESTAMP: timestamp,
    },
  });
}

/** The tokens of a sign-in's last step; a challenge where tokens were expected is a CognitoCallError named after it. */
function tokensOf(reply: SignInReply): Tokens {
  const result = reply.AuthenticationResult;
  if (!result) throw new CognitoCallError(String(reply.ChallengeName), "the sign-in needs another step");
  return { accessToken: result.AccessToken, idToken: result.IdToken, refreshToken: result.RefreshToken };
}

/** Signs in as the web app does, with SRP, to tokens. */
export async function signIn(endpoint: string, clientId: string, email: string, password: string): Promise<Tokens> {
  return tokensOf(await passwordSignIn(endpoint, clientId, email, password));
}

/**
 * Answers NEW_PASSWORD_REQUIRED as Amplify's confirmSignIn does: the account's USER_ID_FOR_SRP, its new password and
 * the challenge's session. Tokens when the password is taken.
 */
export async function chooseNewPassword(
  endpoint: string,
  clientId: string,
  challenge: SignInReply,
  newPassword: string,
): Promise<Tokens> {
  const reply = await cognitoCall<SignInReply>(endpoint, "RespondToAuthChallenge", {
    ClientId: clientId,
    ChallengeName: "NEW_PASSWORD_REQUIRED",
    Session: challenge.Session,
    ChallengeResponses: { USERNAME: challenge.ChallengeParameters?.USER_ID_FOR_SRP, NEW_PASSWORD: newPassword },
  });
  return tokensOf(reply);
}

/** SignUp + ConfirmSignUp (cognito-local's code is fixed) + sign-in: a ready rider. */
export async function createRider(
  o: { endpoint: string; clientId: string; code: string },
  email: string,
  password = "Unicorn-Rides-1",
): Promise<Tokens & { sub: string }> {
  const { UserSub } = await cognitoCall<{ UserSub: string }>(o.endpoint, "SignUp", {
    ClientId: o.clientId,
    Username: email,
    Password: password,
    UserAttributes: [{ Name: "email", Value: email }],
  });
  await cognitoCall(o.endpoint, "ConfirmSignUp", { ClientId: o.clientId, Username: email, ConfirmationCode: o.code });
  return { ...(await signIn(o.endpoint, o.clientId, email, password)), sub: UserSub };
}

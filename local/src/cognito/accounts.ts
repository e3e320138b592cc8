/**
 * A rider's account calls against the local Cognito endpoint (the proxy): sign up, confirm with the fixed code,
 * sign in. Tests and scripts use these to get real tokens without a browser.
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

/** Signs in as the web app does, with SRP (the only password flow the local Cognito endpoint allows). */
export async function signIn(endpoint: string, clientId: string, email: string, password: string): Promise<Tokens> {
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
  const reply = await cognitoCall<{
    AuthenticationResult: { AccessToken: string; IdToken: string; RefreshToken: string };
  }>(endpoint, "RespondToAuthChallenge", {
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
  const result = reply.AuthenticationResult;
  return { accessToken: result.AccessToken, idToken: result.IdToken, refreshToken: result.RefreshToken };
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

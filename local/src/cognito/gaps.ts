/** Cognito calls the web app makes that cognito-local lacks or gets wrong, answered as Cognito answers them. */
import { type CognitoReply, type CognitoRequest, cognitoError, type Upstream } from "./upstream";

type Attribute = { Name: string; Value: string };

async function findUser(upstream: Upstream, userPoolId: string, username: unknown) {
  const user = await upstream.call("AdminGetUser", { UserPoolId: userPoolId, Username: username });
  if (user.status !== 200) return undefined;
  const attributes = (user.body.UserAttributes ?? []) as Attribute[];
  return {
    username: String(user.body.Username),
    status: String(user.body.UserStatus),
    email: attributes.find((a) => a.Name === "email")?.Value,
  };
}

/** Amplify's token refresh, as `InitiateAuth REFRESH_TOKEN_AUTH` (cognito-local has no GetTokensFromRefreshToken). */
export async function refreshTokens(upstream: Upstream, request: CognitoRequest): Promise<CognitoReply> {
  const reply = await upstream.call("InitiateAuth", {
    AuthFlow: "REFRESH_TOKEN_AUTH",
    ClientId: request.ClientId,
    AuthParameters: {
      REFRESH_TOKEN: request.RefreshToken,
      ...(request.DeviceKey ? { DEVICE_KEY: request.DeviceKey } : {}),
    },
    ClientMetadata: request.ClientMetadata,
  });
  if (reply.status !== 200) return reply;
  const result = (reply.body.AuthenticationResult ?? {}) as Record<string, unknown>;
  const accessToken = String(result.AccessToken ?? "");
  const claims = JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString() || "{}") as {
    exp?: number;
    iat?: number;
  };
  // Same shape as Cognito's GetTokensFromRefreshToken; no RefreshToken because rotation is off.
  return {
    status: 200,
    body: {
      AuthenticationResult: {
        AccessToken: accessToken,
        IdToken: result.IdToken,
        ExpiresIn: (claims.exp ?? 0) - (claims.iat ?? 0),
        TokenType: "Bearer",
      },
    },
  };
}

/** Cognito verifies the email a confirmation code was sent to (AutoVerifiedAttributes); cognito-local does not. */
export async function markEmailVerified(upstream: Upstream, userPoolId: string, username: unknown): Promise<void> {
  const user = await findUser(upstream, userPoolId, username);
  if (!user?.email) return;
  await upstream.call("AdminUpdateUserAttributes", {
    UserPoolId: userPoolId,
    Username: user.username,
    UserAttributes: [
      { Name: "email", Value: user.email },
      { Name: "email_verified", Value: "true" },
    ],
  });
}

/** "a***@e***", as Cognito shows where it sent a code. */
function masked(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/** "Send a new code": cognito-local's one fixed code stays on the user, so it only needs Cognito's answer. */
export async function resendConfirmationCode(
  upstream: Upstream,
  userPoolId: string,
  request: CognitoRequest,
): Promise<CognitoReply> {
  const typed = typeof request.Username === "string" ? request.Username : "";
  if (!typed) return cognitoError("InvalidParameterException", "Missing required parameter Username");
  const user = await findUser(upstream, userPoolId, typed);
  if (user?.status === "CONFIRMED") return cognitoError("InvalidParameterException", "User is already confirmed.");
  // An unknown user gets the same answer (PreventUserExistenceErrors).
  const destination = masked(user?.email ?? typed);
  return {
    status: 200,
    body: { CodeDeliveryDetails: { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: destination } },
  };
}

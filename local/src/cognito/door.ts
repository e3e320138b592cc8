/**
 * The proxy is the web app's door to Cognito, not cognito-local's: only the calls a rider's browser makes get
 * through. On the real pool everything else (Admin*, ListUsers, pool and client settings) needs a signed IAM
 * request, so an unsigned one is refused the way AWS refuses it.
 */
import { type CognitoReply, type CognitoRequest, cognitoError } from "./upstream";

/**
 * What web/lib/rider-auth.ts makes Amplify call: sign-up, confirmation, SRP sign-in (and an invited account's new
 * password), refresh, reset, sign-out.
 */
const riderActions = new Set([
  "SignUp",
  "ConfirmSignUp",
  "ResendConfirmationCode",
  "InitiateAuth",
  "RespondToAuthChallenge",
  "GetTokensFromRefreshToken",
  "ForgotPassword",
  "ConfirmForgotPassword",
  "GetUser",
  "ChangePassword",
  "RevokeToken",
]);

/** A call of the web app's; any other needs the pool administrator's IAM signature (admin.ts). */
export const isRiderAction = (target: string) => riderActions.has(target);

/** The web client's ExplicitAuthFlows (infra/auth.ts, local/src/cognito/cognito-local.ts); REFRESH_TOKEN is Cognito's alias. */
const clientFlows = new Set(["USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"]);

/**
 * Why Cognito would turn this call away, or undefined when the web app's client may make it. `request` is undefined
 * when the body is not a JSON object.
 */
export function refusal(target: string, request: CognitoRequest | undefined): CognitoReply | undefined {
  if (!riderActions.has(target)) {
    return cognitoError("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  if (!request) return cognitoError("SerializationException", "The request body is not a JSON object.");
  if (target === "InitiateAuth" && !clientFlows.has(String(request.AuthFlow))) {
    return cognitoError("InvalidParameterException", `${String(request.AuthFlow)} flow not enabled for this client`);
  }
  return undefined;
}

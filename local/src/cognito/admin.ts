/**
 * The pool administrator's calls (AdminCreateUser, AdminSetUserPassword, AdminAddUserToGroup, ...), which AWS takes
 * only signed with SigV4 (service `cognito-idp`) by IAM keys: locally the stack's keys. The proxy lets such a call
 * through to cognito-local (proxy.ts); the local stack makes its demo accounts with the same calls, in process.
 */
import type http from "node:http";
import { type Credentials, createSignatureVerifier } from "../live/sigv4";
import { type CognitoReply, type CognitoRequest, cognitoError, passwordRefusal, type Upstream } from "./upstream";

export type AdminCall = (target: string, request: CognitoRequest) => Promise<CognitoReply>;

/** Calls that set a password, and the field that holds it: Cognito checks the pool's policy on each. */
const passwordFields: Record<string, string> = {
  AdminSetUserPassword: "Password",
  AdminCreateUser: "TemporaryPassword",
};

/**
 * cognito-local, answering as Cognito does. Cognito takes a user's email or username wherever an Admin call names a
 * `Username`; cognito-local finds the user by either but then matches some lists (AdminListGroupsForUser's groups) on
 * the name as given, and on an email-as-username pool the stored username is the sub: so the name is resolved first.
 */
export function poolAdmin(upstream: Upstream, userPoolId: string): AdminCall {
  return async (target, request) => {
    const field = passwordFields[target];
    const refused = field && typeof request[field] === "string" ? passwordRefusal(request[field]) : undefined;
    if (refused) return refused;
    if (target.startsWith("Admin") && target !== "AdminCreateUser" && typeof request.Username === "string") {
      const user = await upstream.call("AdminGetUser", {
        UserPoolId: request.UserPoolId ?? userPoolId,
        Username: request.Username,
      });
      if (user.status === 200) return upstream.call(target, { ...request, Username: user.body.Username });
    }
    return upstream.call(target, request);
  };
}

/** Whether a request claims an IAM signature (it may still be a wrong one). */
export const isSigned = (request: http.IncomingMessage) =>
  /^AWS4-HMAC-SHA256\s/.test(String(request.headers.authorization ?? ""));

/** Checks a signed request against the local keys, answering a bad signature as Cognito's JSON protocol does. */
export function adminSignatureCheck(o: { region: string; credentials: Credentials }) {
  const verify = createSignatureVerifier({ region: o.region, service: "cognito-idp", credentials: o.credentials });
  return async (request: http.IncomingMessage, body: Buffer): Promise<CognitoReply | undefined> => {
    const verdict = await verify(request, body);
    if (verdict.ok) return undefined;
    if (verdict.status === 401) {
      return cognitoError("IncompleteSignatureException", "The request signature does not conform to AWS standards.");
    }
    const unknownKey = verdict.message.startsWith("The security token");
    return cognitoError(unknownKey ? "UnrecognizedClientException" : "InvalidSignatureException", verdict.message);
  };
}

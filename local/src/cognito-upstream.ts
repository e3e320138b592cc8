/** The Cognito JSON protocol as the proxy speaks it: replies, Cognito's error shape, and calls to cognito-local. */
export const amzJson = "application/x-amz-json-1.1";

export type CognitoRequest = Record<string, unknown>;
export type CognitoReply = { status: number; body: Record<string, unknown> };

export function cognitoError(type: string, message: string): CognitoReply {
  return { status: 400, body: { __type: type, message } };
}

/** Cognito never says whether the user or the password was wrong (PreventUserExistenceErrors). */
export const incorrectSignIn = () => cognitoError("NotAuthorizedException", "Incorrect username or password.");

export async function callUpstream(upstream: string, target: string, body: unknown): Promise<CognitoReply> {
  const response = await fetch(`${upstream}/`, {
    method: "POST",
    headers: { "content-type": amzJson, "x-amz-target": `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The Cognito JSON protocol as the proxy speaks it: replies, Cognito's error shape, and calls to cognito-local. */
import { unmetPasswordRules } from "@wildrydes/core/rules/password-policy";
import pLimit from "p-limit";

export const amzJson = "application/x-amz-json-1.1";

export type CognitoRequest = Record<string, unknown>;
export type CognitoReply = { status: number; body: Record<string, unknown> };

export function cognitoError(type: string, message: string): CognitoReply {
  return { status: 400, body: { __type: type, message } };
}

/**
 * Cognito's answer to a password the pool's policy refuses, in its wording (so the web app shows the same sentences
 * locally and in the cloud), or undefined when the policy is met. Every call that sets a password checks it.
 */
export function passwordRefusal(password: unknown): CognitoReply | undefined {
  const [unmet] = unmetPasswordRules(typeof password === "string" ? password : "");
  if (!unmet) return undefined;
  return cognitoError("InvalidPasswordException", `Password did not conform with policy: ${unmet.cognitoMessage}`);
}

/** Cognito never says whether the user or the password was wrong (PreventUserExistenceErrors). */
export const incorrectSignIn = () => cognitoError("NotAuthorizedException", "Incorrect username or password.");

export interface Upstream {
  call(target: string, body: unknown): Promise<CognitoReply>;
  /** Runs `work` between cognito-local's calls, when its JSON files are whole and current. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * cognito-local, one call at a time: it rewrites a pool's JSON file in place on every change, unlocked, so two
 * overlapping calls can leave the file spliced from both, and the proxy reads that file for SRP.
 */
export function cognitoUpstream(url: string): Upstream {
  const oneAtATime = pLimit(1);
  async function post(target: string, body: unknown): Promise<CognitoReply> {
    const response = await fetch(`${url}/`, {
      method: "POST",
      headers: { "content-type": amzJson, "x-amz-target": `AWSCognitoIdentityProviderService.${target}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  return { call: (target, body) => oneAtATime(() => post(target, body)), exclusive: (work) => oneAtATime(work) };
}

/**
 * Cognito's SRP sign-in on top of cognito-local, which has none: `InitiateAuth USER_SRP_AUTH` answers with the
 * PASSWORD_VERIFIER challenge built from the user's stored password; `RespondToAuthChallenge` checks the client's
 * proof and only then mints the tokens upstream with USER_PASSWORD_AUTH, a flow only the proxy itself may use.
 */
import { randomBytes } from "node:crypto";
import { storedUser } from "./cognito-local";
import { Srp, type SrpSession } from "./srp";
import { type CognitoReply, type CognitoRequest, cognitoError, incorrectSignIn, type Upstream } from "./upstream";

/** How long a challenge waits for its answer (clients answer within a second). */
const challengeTtlMs = 3 * 60_000;
/** Unanswered challenges kept at most, so a flood of InitiateAuth cannot grow the proxy's memory without end. */
const maxPending = 10_000;

interface Pending {
  srp: SrpSession;
  clientId: unknown;
  /** Absent for a user who does not exist: their challenge can never be answered. */
  user?: { username: string; password: string };
  expires: number;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

export function srpSignIn(o: { upstream: Upstream; userPoolId: string; stateDir: string }) {
  const pending = new Map<string, Pending>();
  const poolName = o.userPoolId.split("_")[1] ?? o.userPoolId;

  function forgetStale(now: number) {
    for (const [block, entry] of pending) if (entry.expires <= now) pending.delete(block);
    // Map keeps insertion order: the first entries are the oldest.
    for (const block of pending.keys()) {
      if (pending.size < maxPending) break;
      pending.delete(block);
    }
  }

  async function challenge(request: CognitoRequest): Promise<CognitoReply> {
    const parameters = (request.AuthParameters ?? {}) as CognitoRequest;
    const typed = text(parameters.USERNAME);
    const srpA = text(parameters.SRP_A);
    if (!typed) return cognitoError("InvalidParameterException", "Missing required parameter USERNAME");
    if (!/^[0-9a-f]{1,1024}$/i.test(srpA))
      return cognitoError("InvalidParameterException", "Missing required parameter SRP_A");
    // The stored Username is Cognito's USER_ID_FOR_SRP; riders type their email.
    const user = await o.upstream.exclusive(() => storedUser(o.stateDir, typed));
    // An unknown rider gets a challenge too, one no password answers: Cognito hides who has an account.
    const userIdForSrp = user?.username ?? typed;
    const password = user?.password ?? randomBytes(32).toString("base64");
    const answer = Srp.challenge({ poolName, userIdForSrp, password, srpA });
    if (!answer) return cognitoError("InvalidParameterException", "Invalid SRP_A");
    const now = Date.now();
    forgetStale(now);
    const { session } = answer;
    pending.set(session.secretBlock, { srp: session, clientId: request.ClientId, user, expires: now + challengeTtlMs });
    return {
      status: 200,
      body: {
        ChallengeName: "PASSWORD_VERIFIER",
        ChallengeParameters: {
          SALT: answer.salt,
          SRP_B: answer.srpB,
          SECRET_BLOCK: session.secretBlock,
          USER_ID_FOR_SRP: userIdForSrp,
          USERNAME: userIdForSrp,
        },
      },
    };
  }

  async function verify(request: CognitoRequest): Promise<CognitoReply> {
    if (request.ChallengeName !== "PASSWORD_VERIFIER") {
      return cognitoError(
        "InvalidParameterException",
        `${text(request.ChallengeName)} is not a challenge of this sign-in`,
      );
    }
    const responses = (request.ChallengeResponses ?? {}) as CognitoRequest;
    const block = text(responses.PASSWORD_CLAIM_SECRET_BLOCK);
    const entry = pending.get(block);
    pending.delete(block); // one answer per challenge, right or wrong
    if (!entry || entry.expires <= Date.now() || entry.clientId !== request.ClientId) {
      return cognitoError("NotAuthorizedException", "Invalid session for the user, session is expired.");
    }
    const proof = { signature: text(responses.PASSWORD_CLAIM_SIGNATURE), timestamp: text(responses.TIMESTAMP) };
    if (!entry.user || !Srp.verify(entry.srp, proof)) return incorrectSignIn();
    const tokens = await o.upstream.call("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: request.ClientId,
      AuthParameters: { USERNAME: entry.user.username, PASSWORD: entry.user.password },
      ClientMetadata: request.ClientMetadata,
    });
    // The password changed between the two steps: the proof was for the old one.
    if (["InvalidPasswordException", "NotAuthorizedException"].includes(String(tokens.body.__type))) {
      return incorrectSignIn();
    }
    return tokens;
  }

  return { challenge, verify };
}

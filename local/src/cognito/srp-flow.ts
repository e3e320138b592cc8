/**
 * Cognito's SRP sign-in on top of cognito-local, which has none: `InitiateAuth USER_SRP_AUTH` answers with the
 * PASSWORD_VERIFIER challenge built from the user's stored password; `RespondToAuthChallenge` checks the client's
 * proof and only then asks cognito-local with USER_PASSWORD_AUTH, a flow only the proxy itself may use, which mints
 * the tokens.
 *
 * An account the pool's administrator made with a temporary password (AdminCreateUser; status FORCE_CHANGE_PASSWORD)
 * gets cognito-local's NEW_PASSWORD_REQUIRED challenge there instead, as from Cognito. cognito-local sets the new
 * password, confirms the account and mints the tokens when that challenge is answered, but it neither checks the
 * Session it handed out nor the pool's policy: the proxy hands out a session of its own, takes one answer per
 * session within Cognito's three minutes, and checks the policy first.
 */
import { randomBytes } from "node:crypto";
import { storedUser } from "./cognito-local";
import { Srp, type SrpSession } from "./srp";
import {
  type CognitoReply,
  type CognitoRequest,
  cognitoError,
  incorrectSignIn,
  passwordRefusal,
  type Upstream,
} from "./upstream";

/** How long a challenge waits for its answer: Cognito's default session validity (infra/auth.ts sets no other). */
const challengeTtlMs = 3 * 60_000;
/** Unanswered challenges kept at most, so a flood of InitiateAuth cannot grow the proxy's memory without end. */
const maxPending = 10_000;

/** Challenges handed out and not yet answered, by the key the answer names (the secret block, the session). */
function pendingChallenges<T extends { clientId: unknown }>() {
  const pending = new Map<string, T & { expires: number }>();
  return {
    add(key: string, entry: T) {
      const now = Date.now();
      for (const [stale, { expires }] of pending) if (expires <= now) pending.delete(stale);
      // Map keeps insertion order: the first entries are the oldest.
      for (const oldest of pending.keys()) {
        if (pending.size < maxPending) break;
        pending.delete(oldest);
      }
      pending.set(key, { ...entry, expires: now + challengeTtlMs });
    },
    /** The entry for `key` if that client may still answer it (`fresh`), and whether one was ever handed out. */
    find(key: string, clientId: unknown) {
      const entry = pending.get(key);
      if (!entry || entry.clientId !== clientId) return { entry: undefined, expired: false };
      return entry.expires > Date.now() ? { entry, expired: false } : { entry: undefined, expired: true };
    },
    delete: (key: string) => pending.delete(key),
  };
}

interface VerifierChallenge {
  srp: SrpSession;
  clientId: unknown;
  /** Absent for a user who does not exist: their challenge can never be answered. */
  user?: { username: string; password: string };
}

interface NewPasswordChallenge {
  clientId: unknown;
  /** The stored username (Cognito's USER_ID_FOR_SRP, the sub on this pool), which the answer must name. */
  username: string;
  /** cognito-local's own session for the challenge, passed back to it. */
  upstreamSession: unknown;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

const invalidSession = (expired: boolean) =>
  cognitoError("NotAuthorizedException", `Invalid session for the user${expired ? ", session is expired." : "."}`);

export function srpSignIn(o: { upstream: Upstream; userPoolId: string; stateDir: string }) {
  const verifiers = pendingChallenges<VerifierChallenge>();
  const newPasswords = pendingChallenges<NewPasswordChallenge>();
  const poolName = o.userPoolId.split("_")[1] ?? o.userPoolId;

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
    const { session } = answer;
    verifiers.add(session.secretBlock, { srp: session, clientId: request.ClientId, user });
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

  async function verifyPassword(request: CognitoRequest): Promise<CognitoReply> {
    const responses = (request.ChallengeResponses ?? {}) as CognitoRequest;
    const block = text(responses.PASSWORD_CLAIM_SECRET_BLOCK);
    const { entry } = verifiers.find(block, request.ClientId);
    verifiers.delete(block); // one answer per challenge, right or wrong
    if (!entry) return invalidSession(true);
    const proof = { signature: text(responses.PASSWORD_CLAIM_SIGNATURE), timestamp: text(responses.TIMESTAMP) };
    if (!entry.user || !Srp.verify(entry.srp, proof)) return incorrectSignIn();
    const reply = await o.upstream.call("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: request.ClientId,
      AuthParameters: { USERNAME: entry.user.username, PASSWORD: entry.user.password },
      ClientMetadata: request.ClientMetadata,
    });
    // The password changed between the two steps: the proof was for the old one.
    if (["InvalidPasswordException", "NotAuthorizedException"].includes(String(reply.body.__type))) {
      return incorrectSignIn();
    }
    if (reply.status !== 200 || reply.body.ChallengeName !== "NEW_PASSWORD_REQUIRED") return reply;
    return newPasswordRequired(request, entry.user.username, reply.body);
  }

  /** cognito-local's challenge, with a session of the proxy's and the user's attributes as Cognito lists them. */
  function newPasswordRequired(request: CognitoRequest, username: string, upstream: CognitoRequest): CognitoReply {
    const session = randomBytes(96).toString("base64");
    newPasswords.add(session, { clientId: request.ClientId, username, upstreamSession: upstream.Session });
    const parameters = (upstream.ChallengeParameters ?? {}) as Record<string, string>;
    // Cognito leaves out `sub`, which no one may set (cognito-local lists it).
    const { sub: _, ...attributes } = JSON.parse(parameters.userAttributes ?? "{}") as Record<string, string>;
    return {
      status: 200,
      body: {
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: session,
        ChallengeParameters: { ...parameters, userAttributes: JSON.stringify(attributes) },
      },
    };
  }

  async function setNewPassword(request: CognitoRequest): Promise<CognitoReply> {
    const responses = (request.ChallengeResponses ?? {}) as CognitoRequest;
    const typed = text(responses.USERNAME);
    if (!typed) return cognitoError("InvalidParameterException", "Missing required parameter USERNAME");
    const session = text(request.Session);
    const { entry, expired } = newPasswords.find(session, request.ClientId);
    if (!entry) return invalidSession(expired);
    // The answer names the session's account: by its username (what Amplify sends) or its email.
    const user = typed === entry.username ? entry : await o.upstream.exclusive(() => storedUser(o.stateDir, typed));
    if (user?.username !== entry.username) return invalidSession(false);
    const newPassword = responses.NEW_PASSWORD;
    if (typeof newPassword !== "string" || !newPassword) {
      return cognitoError("InvalidParameterException", "Missing required parameter NEW_PASSWORD");
    }
    // Refused, the session stays: the client asks for another password and answers again.
    const refused = passwordRefusal(newPassword);
    if (refused) return refused;
    newPasswords.delete(session); // the one answer that counts
    return o.upstream.call("RespondToAuthChallenge", {
      ClientId: request.ClientId,
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: entry.upstreamSession,
      ChallengeResponses: { USERNAME: entry.username, NEW_PASSWORD: newPassword },
      ClientMetadata: request.ClientMetadata,
    });
  }

  /** RespondToAuthChallenge: the two challenges a password sign-in of this pool can meet. */
  async function verify(request: CognitoRequest): Promise<CognitoReply> {
    if (request.ChallengeName === "PASSWORD_VERIFIER") return verifyPassword(request);
    if (request.ChallengeName === "NEW_PASSWORD_REQUIRED") return setNewPassword(request);
    return cognitoError(
      "InvalidParameterException",
      `${text(request.ChallengeName)} is not a challenge of this sign-in`,
    );
  }

  return { challenge, verify };
}

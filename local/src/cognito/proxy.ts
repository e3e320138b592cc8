/**
 * The Cognito endpoint the browser (Amplify's `userPoolEndpoint`) talks to, in front of cognito-local. It is the web
 * app's door only (cognito-door.ts: the rider's calls, the site's origins), plays the server side of SRP sign-in
 * and of an invited account's first one, NEW_PASSWORD_REQUIRED (cognito-srp-flow.ts), fills cognito-local's gaps (cognito-gaps.ts), enforces the pool's password policy, and
 * words failures as Cognito does. The pool administrator's calls get through only signed with the local IAM keys,
 * as AWS wants them signed (admin.ts).
 */
import http from "node:http";
import type { Credentials } from "../live/sigv4";
import { listenOnLoopback } from "../plumbing/processes";
import { type AdminCall, adminSignatureCheck, isSigned, poolAdmin } from "./admin";
import { isRiderAction, refusal } from "./door";
import { markEmailVerified, refreshTokens, resendConfirmationCode } from "./gaps";
import { srpSignIn } from "./srp-flow";
import {
  amzJson,
  type CognitoReply,
  type CognitoRequest,
  cognitoError,
  cognitoUpstream,
  passwordRefusal,
} from "./upstream";

/** Cognito's requests are a few KB; a bigger body is not one of them. */
const maxBodyBytes = 64 * 1024;

export interface CognitoProxyOptions {
  port: number;
  upstream: string;
  /** The pool the web app uses: its confirmed users get email_verified, its users sign in with SRP. */
  userPoolId: string;
  /** cognito-local's state dir (as given to startCognitoLocal): SRP needs the users' stored passwords. */
  stateDir: string;
  /** Browser origins that may call (the site's). Requests without an Origin (Node, tests) are served; none = none. */
  allowedOrigins?: readonly string[];
  /** IAM for the administrator's calls (AdminCreateUser, groups...): signed with these keys in this region. None = none. */
  admin?: { region: string; credentials: Credentials };
  log?: (line: string) => void;
}

function handlers(o: CognitoProxyOptions, upstream: ReturnType<typeof cognitoUpstream>) {
  const srp = srpSignIn({ upstream, userPoolId: o.userPoolId, stateDir: o.stateDir });
  return async (target: string, request: CognitoRequest): Promise<CognitoReply> => {
    if (target === "InitiateAuth" && request.AuthFlow === "USER_SRP_AUTH") return srp.challenge(request);
    if (target === "RespondToAuthChallenge") return srp.verify(request);
    if (target === "GetTokensFromRefreshToken") return refreshTokens(upstream, request);
    if (target === "ResendConfirmationCode") return resendConfirmationCode(upstream, o.userPoolId, request);
    // Every call that sets a password checks the pool's policy, as Cognito does.
    const newPassword = { SignUp: "Password", ConfirmForgotPassword: "Password", ChangePassword: "ProposedPassword" }[
      target
    ];
    const refused = newPassword ? passwordRefusal(request[newPassword]) : undefined;
    if (refused) return refused;
    const reply = await upstream.call(target, request);
    if (target === "ConfirmSignUp" && reply.status === 200) {
      await markEmailVerified(upstream, o.userPoolId, request.Username);
    }
    if (target === "SignUp" && reply.body.__type === "UsernameExistsException") {
      return cognitoError("UsernameExistsException", "An account with the given email already exists.");
    }
    return reply;
  };
}

function corsHeaders(request: http.IncomingMessage, origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers":
      request.headers["access-control-request-headers"] ??
      "content-type, x-amz-target, x-amz-user-agent, cache-control, authorization",
    "access-control-expose-headers": "x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

/** The body's bytes, or undefined when it is too big to be a Cognito request. */
async function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBodyBytes) chunks.push(chunk);
  }
  return size > maxBodyBytes ? undefined : Buffer.concat(chunks);
}

/** The body as a JSON object, or undefined when it is not one. */
function parseRequest(body: Buffer | undefined): CognitoRequest | undefined {
  if (!body) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString() || "{}");
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as CognitoRequest) : undefined;
  } catch {
    return undefined;
  }
}

export interface CognitoProxy {
  endpoint: string;
  /** The administrator's calls in process, one at a time with every other call to cognito-local. */
  admin: AdminCall;
  stop(): Promise<void>;
}

export async function startCognitoProxy(o: CognitoProxyOptions): Promise<CognitoProxy> {
  const upstream = cognitoUpstream(o.upstream);
  const handle = handlers(o, upstream);
  const admin = poolAdmin(upstream, o.userPoolId);
  const signatureCheck = o.admin && adminSignatureCheck(o.admin);
  const allowedOrigins = new Set(o.allowedOrigins ?? []);
  const jwksPath = `/${o.userPoolId}/.well-known/jwks.json`;

  const server = http.createServer(async (request, response) => {
    const origin = request.headers.origin;
    const cors = origin ? corsHeaders(request, origin) : {};
    const send = (reply: CognitoReply, what: string) => {
      const headers: Record<string, string> = { ...cors, "content-type": amzJson };
      if (reply.status >= 400 && reply.body.__type) headers["x-amzn-errortype"] = String(reply.body.__type);
      response.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
      if (reply.status >= 400) o.log?.(`cognito ${what} ${reply.status} ${String(reply.body.__type ?? "")}`);
    };
    try {
      if (origin !== undefined && !allowedOrigins.has(origin)) {
        // Another site's page: no CORS headers, so its browser shows it nothing.
        response.writeHead(403, { "content-type": amzJson, vary: "Origin" });
        response.end(JSON.stringify({ __type: "AccessDeniedException", message: "Origin not allowed." }));
        o.log?.(`cognito refused origin ${origin}`);
        return;
      }
      if (request.method === "OPTIONS") return void response.writeHead(204, cors).end();
      if (request.method === "GET" && request.url === jwksPath) {
        const jwks = await fetch(`${o.upstream}${jwksPath}`);
        response.writeHead(jwks.status, { ...cors, "content-type": "application/json" });
        return void response.end(Buffer.from(await jwks.arrayBuffer()));
      }
      const target = String(request.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      const raw = request.method === "POST" ? await readBody(request) : undefined;
      const body = parseRequest(raw);
      if (signatureCheck && raw && isSigned(request) && !isRiderAction(target)) {
        const bad = await signatureCheck(request, raw);
        const notJson = body
          ? undefined
          : cognitoError("SerializationException", "The request body is not a JSON object.");
        return send(bad ?? notJson ?? (await admin(target, body as CognitoRequest)), `admin ${target}`);
      }
      const refused = request.method === "POST" ? refusal(target, body) : refusal("", undefined);
      send(refused ?? (await handle(target, body as CognitoRequest)), `${request.method} ${target || request.url}`);
    } catch (error) {
      o.log?.(`cognito proxy error: ${(error as Error).message}`);
      if (response.headersSent) return void response.destroy();
      send({ status: 500, body: { __type: "InternalErrorException", message: "Local Cognito proxy failed." } }, "");
    }
  });
  const { url, stop } = await listenOnLoopback(server, o.port);
  return { endpoint: url, admin, stop };
}

/**
 * The Cognito endpoint the browser (Amplify's `userPoolEndpoint`) talks to. It passes everything to cognito-local
 * and fills the gaps that matter to the web app: `GetTokensFromRefreshToken` (Amplify's token refresh, which
 * cognito-local lacks) becomes `InitiateAuth REFRESH_TOKEN_AUTH`, SignUp enforces the pool's password policy, and
 * sign-in failures read like real Cognito's. CORS is answered here so any local origin can call it.
 */
import http from "node:http";
import { unmetPasswordRules } from "@wildrydes/core/password-policy";
import { listenOnLoopback } from "./processes";

const amzJson = "application/x-amz-json-1.1";

type CognitoReply = { status: number; body: Record<string, unknown> };

function cognitoError(type: string, message: string): CognitoReply {
  return { status: 400, body: { __type: type, message } };
}

async function callUpstream(upstream: string, target: string, body: unknown): Promise<CognitoReply> {
  const response = await fetch(`${upstream}/`, {
    method: "POST",
    headers: { "content-type": amzJson, "x-amz-target": `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function refreshTokens(upstream: string, request: Record<string, unknown>): Promise<CognitoReply> {
  const reply = await callUpstream(upstream, "InitiateAuth", {
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
async function markEmailVerified(upstream: string, userPoolId: string, username: unknown): Promise<void> {
  const user = await callUpstream(upstream, "AdminGetUser", { UserPoolId: userPoolId, Username: username });
  const attributes = (user.body.UserAttributes ?? []) as { Name: string; Value: string }[];
  const email = attributes.find((a) => a.Name === "email")?.Value;
  if (user.status !== 200 || !email) return;
  await callUpstream(upstream, "AdminUpdateUserAttributes", {
    UserPoolId: userPoolId,
    Username: user.body.Username,
    UserAttributes: [
      { Name: "email", Value: email },
      { Name: "email_verified", Value: "true" },
    ],
  });
}

async function handleTarget(upstream: string, userPoolId: string, target: string, request: Record<string, unknown>) {
  if (target === "GetTokensFromRefreshToken") return refreshTokens(upstream, request);
  // Every call that sets a password checks the pool's policy, as Cognito does.
  const newPassword = { SignUp: "Password", ConfirmForgotPassword: "Password", ChangePassword: "ProposedPassword" }[
    target
  ];
  if (newPassword) {
    // Cognito's own wording, so the web app shows the same sentences locally and in the cloud.
    const [unmet] = unmetPasswordRules(String(request[newPassword] ?? ""));
    if (unmet)
      return cognitoError("InvalidPasswordException", `Password did not conform with policy: ${unmet.cognitoMessage}`);
  }
  const reply = await callUpstream(upstream, target, request);
  if (target === "ConfirmSignUp" && reply.status === 200)
    await markEmailVerified(upstream, userPoolId, request.Username);
  if (target === "InitiateAuth" && request.AuthFlow === "USER_PASSWORD_AUTH" && reply.status === 400) {
    const type = String(reply.body.__type ?? "");
    // cognito-local says "Invalid password"; Cognito never reveals whether the user or the password was wrong.
    if (["InvalidPasswordException", "NotAuthorizedException", "UserNotFoundException"].includes(type)) {
      return cognitoError("NotAuthorizedException", "Incorrect username or password.");
    }
  }
  if (target === "SignUp" && reply.body.__type === "UsernameExistsException") {
    return cognitoError("UsernameExistsException", "An account with the given email already exists.");
  }
  return reply;
}

function corsHeaders(request: http.IncomingMessage): Record<string, string> {
  return {
    "access-control-allow-origin": request.headers.origin ?? "*",
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers":
      request.headers["access-control-request-headers"] ??
      "content-type, x-amz-target, x-amz-user-agent, cache-control, authorization",
    "access-control-expose-headers": "x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startCognitoProxy(o: {
  port: number;
  upstream: string;
  /** The pool whose confirmed users get email_verified, as Cognito's AutoVerifiedAttributes does. */
  userPoolId: string;
  log?: (line: string) => void;
}): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = http.createServer(async (request, response) => {
    const cors = corsHeaders(request);
    try {
      if (request.method === "OPTIONS") {
        response.writeHead(204, cors).end();
        return;
      }
      const body = await readBody(request);
      const target = String(request.headers["x-amz-target"] ?? "").split(".")[1];
      if (request.method === "POST" && target) {
        const reply = await handleTarget(o.upstream, o.userPoolId, target, JSON.parse(body.toString() || "{}"));
        const headers: Record<string, string> = { ...cors, "content-type": amzJson };
        if (reply.status >= 400 && reply.body.__type) headers["x-amzn-errortype"] = String(reply.body.__type);
        response.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
        if (reply.status >= 400) o.log?.(`cognito ${target} ${reply.status} ${String(reply.body.__type ?? "")}`);
        return;
      }
      // Everything else (JWKS, health, OAuth endpoints) goes through untouched.
      const upstream = await fetch(`${o.upstream}${request.url ?? "/"}`, {
        method: request.method,
        headers: { "content-type": String(request.headers["content-type"] ?? "") },
        body: ["GET", "HEAD"].includes(request.method ?? "GET") ? undefined : new Uint8Array(body),
      });
      const contentType = upstream.headers.get("content-type");
      response.writeHead(upstream.status, { ...cors, ...(contentType ? { "content-type": contentType } : {}) });
      response.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      o.log?.(`cognito proxy error: ${(error as Error).message}`);
      response.writeHead(500, { ...cors, "content-type": amzJson });
      response.end(JSON.stringify({ __type: "InternalErrorException", message: "Local Cognito proxy failed." }));
    }
  });
  const { url, stop } = await listenOnLoopback(server, o.port);
  return { endpoint: url, stop };
}

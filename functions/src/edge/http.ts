/**
 * The HTTP edge shared by every handler: who the rider is, the body checks of docs/api.md (size, type, JSON),
 * and turning core's errors into the API's error shape. Handlers stay a few lines: parse, call core, answer.
 */
import { isServerError, isThrottlingError, isTransientError } from "@smithy/core/retry";
import { type ErrorCode, RideError } from "@wildrydes/core/rules/errors";
import { groupsOf, mayCall, type Role } from "@wildrydes/core/rules/roles";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { logger } from "./logger";

/** Bodies larger than this are refused before parsing (docs/api.md: 413 over 8 KB). */
export const maxBodyBytes = 8 * 1024;

export interface RiderRequest {
  context: Context;
  /** The rider's Cognito `sub`: every ride lives in this rider's partition. */
  riderId: string;
  /** The rider's Cognito username, as the original workshop's `Rider` field. */
  username: string;
  /** The account's Cognito groups (roles), from `cognito:groups` in either form. */
  groups: string[];
  query: Record<string, string | undefined>;
  params: Record<string, string | undefined>;
  header(name: string): string | undefined;
  /** The parsed JSON body; throws the API's 415/413/400 errors for bodies it cannot accept. */
  json(options?: { emptyIs?: unknown }): unknown;
}

export interface Reply {
  status: number;
  body: unknown;
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

const statusOf: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NO_UNICORN_AVAILABLE: 409,
  RIDE_IN_PROGRESS: 409,
  INVALID_RIDE_STATE: 409,
  OFFER_CLOSED: 409,
  QUOTE_EXPIRED: 410,
  OUTSIDE_SERVICE_AREA: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  UNAVAILABLE: 503,
};

/** A route of `role`'s: another role's account is refused (403) before anything else is read. */
export function route<R>(
  role: Role,
  prepare: (request: RiderRequest) => Promise<R>,
  serve: (request: R) => Promise<Reply>,
) {
  const handler = async (event: Event, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const request = toRequest(event, context);
      if (!mayCall(role, request.groups)) {
        throw new RideError("FORBIDDEN", `This route is for ${whose[role]} accounts.`);
      }
      const reply = await serve(await prepare(request));
      return respond(reply.status, reply.body);
    } catch (error) {
      return await errorResponse(error, context);
    }
  };
  return Object.assign(handler, { role });
}

const whose: Record<Role, string> = { rider: "riders' and unicorns'", unicorn: "unicorns'", operator: "operators'" };

export const riderRoute = (serve: (request: RiderRequest) => Promise<Reply>) =>
  route("rider", async (request) => request, serve);

function toRequest(event: Event, context: Context): RiderRequest {
  const claims = event.requestContext.authorizer.jwt.claims;
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    context,
    riderId: String(claims.sub),
    username: String(claims.username ?? claims["cognito:username"] ?? claims.sub),
    groups: groupsOf(claims["cognito:groups"]),
    query: event.queryStringParameters ?? {},
    params: event.pathParameters ?? {},
    header: (name) => headers[name.toLowerCase()],
    json: (options) => parseBody(event, headers["content-type"], options?.emptyIs),
  };
}

function parseBody(event: Event, contentType: string | undefined, emptyIs?: unknown): unknown {
  const raw = event.body ?? "";
  const text = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
  // docs/api.md's order: 415, then 413. A body must say it is JSON; `application/json; charset=utf-8` does,
  // `application/json-patch+json` (another format) and a missing Content-Type do not.
  if (text.length > 0 && !/^application\/json\s*(;|$)/i.test(contentType ?? "")) {
    throw new RideError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.");
  }
  if (Buffer.byteLength(text, "utf8") > maxBodyBytes) {
    throw new RideError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBodyBytes / 1024} KB.`);
  }
  if (text.trim() === "" && emptyIs !== undefined) return emptyIs;
  try {
    return JSON.parse(text);
  } catch {
    throw new RideError("VALIDATION_ERROR", "The request body is not valid JSON.", [
      { field: "", problem: "not valid JSON" },
    ]);
  }
}

function respond(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

async function errorResponse(error: unknown, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const requestId = context.awsRequestId;
  if (isIdempotencyError(error, "IdempotencyValidationError")) {
    const message = "This Idempotency-Key was already used with a different request body.";
    return respond(422, { error: { code: "IDEMPOTENCY_KEY_REUSED", message } });
  }
  // A refusal is the client's answer, not an event: the API's access log already has its route and status, and a
  // line here would load the logger on the everyday 404s a unicorn's app polls (decision 0025).
  if (error instanceof RideError) {
    const status = statusOf[error.code];
    const details = error.details ? { details: error.details } : {};
    return respond(status, { error: { code: error.code, message: error.message, ...details } });
  }
  if (isStoreUnavailable(error) || isIdempotencyError(error, "IdempotencyAlreadyInProgressError")) {
    (await logger(context)).warn("data store unavailable", { error: error as Error });
    return respond(503, { error: { code: "UNAVAILABLE", message: "The service is busy. Please try again shortly." } });
  }
  (await logger(context)).error("unexpected failure", { error: error as Error, reference: requestId });
  return respond(500, {
    error: { code: "INTERNAL", message: `Something went wrong on our side (reference ${requestId}).` },
  });
}

function isIdempotencyError(error: unknown, name: string): boolean {
  return (error as { name?: string })?.name === name;
}

type SdkError = Parameters<typeof isTransientError>[0];

/**
 * The store could not answer (network failure, timeout, throttling, 5xx), as the SDK's own retry logic classifies
 * errors; Powertools wraps DynamoDB errors, so the causes are checked too.
 */
function isStoreUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 3) return false;
  const e = error as SdkError & { cause?: unknown };
  return isThrottlingError(e) || isTransientError(e) || isServerError(e) || isStoreUnavailable(e.cause, depth + 1);
}

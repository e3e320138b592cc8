/**
 * API Gateway HTTP API payload format 2.0, both ways: the event and Lambda context a handler receives, and how
 * its result becomes an HTTP response (same rules as AWS, so handlers behave identically locally and deployed).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import type { AuthorizedRequest } from "./jwt-authorizer";

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

const textTypes = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/** "12/Mar/2020:19:03:58 +0000", API Gateway's requestContext.time format. */
function clfTime(date: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export function buildEvent(input: {
  request: IncomingMessage;
  url: URL;
  body: Buffer;
  routeKey: string;
  pathParameters: Record<string, string>;
  auth: AuthorizedRequest;
  requestId: string;
}): HttpEvent {
  const { request, url, body } = input;
  const { cookie, ...headers } = headersOf(request);
  const cookies = cookie?.split(/;\s*/).filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const isText = textTypes.test(headers["content-type"] ?? "text/plain");
  const now = new Date();
  const method = request.method ?? "GET";
  const event: HttpEvent = {
    version: "2.0",
    routeKey: input.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: "local",
      domainName: headers.host ?? "127.0.0.1",
      domainPrefix: (headers.host ?? "127").split(".")[0] ?? "",
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: input.requestId,
      routeKey: input.routeKey,
      stage: "$default",
      time: clfTime(now),
      timeEpoch: now.getTime(),
      authorizer: { jwt: input.auth },
    },
    isBase64Encoded: body.length > 0 && !isText,
  };
  // API Gateway leaves these keys out entirely when there is nothing to put in them.
  if (cookies?.length) event.cookies = cookies;
  if (Object.keys(query).length) event.queryStringParameters = query;
  if (Object.keys(input.pathParameters).length) event.pathParameters = input.pathParameters;
  if (body.length) event.body = isText ? body.toString("utf8") : body.toString("base64");
  return event;
}

/**
 * The request's headers as API Gateway passes them: names lower-cased, a repeated header's values joined with ","
 * (node keeps only the first of a repeated `Authorization`, so the raw headers are read).
 */
export function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    // Cookies become the event's `cookies` list, so repeated Cookie headers are one list.
    headers[name] = name in headers ? `${headers[name]}${name === "cookie" ? "; " : ","}${value}` : value;
  }
  return headers;
}

/** Parses "10 seconds" / "1 minute" (SST's duration strings) to milliseconds. */
export function durationMs(duration: string): number {
  const match = /^(\d+)\s*(second|minute)s?$/.exec(duration.trim());
  if (!match) return 10_000;
  return Number(match[1]) * (match[2] === "minute" ? 60_000 : 1000);
}

export function buildContext(functionName: string, timeoutMs: number, memory: string): Context {
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  const unsupported = () => {
    throw new Error("Callback-style context methods are not supported; return a value or a promise.");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: String(Number.parseInt(memory, 10) || 512),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll("-", "/")}/[$LATEST]${requestId.replaceAll("-", "")}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** The payload 2.0 response rules: an object with statusCode is a response, anything else is a JSON 200. */
export function mapResult(result: unknown): HttpResponse {
  if (result !== null && typeof result === "object" && "statusCode" in result) {
    const r = result as {
      statusCode: unknown;
      headers?: Record<string, unknown>;
      cookies?: unknown;
      body?: unknown;
      isBase64Encoded?: unknown;
    };
    if (typeof r.statusCode !== "number" || !Number.isInteger(r.statusCode)) {
      throw new Error(`Handler returned a statusCode that is not an integer: ${String(r.statusCode)}`);
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (Array.isArray(r.cookies) && r.cookies.length) headers["set-cookie"] = r.cookies.map(String);
    const text = typeof r.body === "string" ? r.body : r.body === undefined ? "" : JSON.stringify(r.body);
    const body = r.isBase64Encoded === true ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
    return { status: r.statusCode, headers, body };
  }
  const text = typeof result === "string" ? result : JSON.stringify(result ?? null);
  return { status: 200, headers: { "content-type": "application/json" }, body: Buffer.from(text, "utf8") };
}

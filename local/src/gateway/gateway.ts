/**
 * The API Gateway HTTP API, locally: the same route table, the same JWT authorizer checks, CORS, and the payload
 * 2.0 event/response mapping, calling the SAME handler modules in-process.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
// CORS is declared once, next to the route table, for API Gateway and this emulator.
import { cors as corsPolicy, handlerDefaults } from "@wildrydes/functions/catalogue/routes";
import pLimit from "p-limit";
import { guarded, listenOnLoopback } from "../plumbing/processes";
import { answerClientError, headerBytes, maxHeaderBytes, targetOf } from "./guard";
import type { JwtAuthorizer } from "./jwt-authorizer";
import { buildContext, buildEvent, durationMs, type HttpResponse, headersOf, mapResult } from "./lambda-event";

export interface GatewayRoute {
  method: string;
  /** API Gateway path syntax: `{rideId}` is one segment, `{proxy+}` the rest of the path. */
  path: string;
  /** `<file relative to the repo root, no extension>.<export>`, as in SST. */
  handler: string;
  timeout?: string;
  memory?: string;
}

export type LambdaHandler = (event: unknown, context: unknown) => unknown;
export type HandlerLoader = (handler: string) => Promise<LambdaHandler>;

export interface GatewayOptions {
  port: number;
  routes: readonly GatewayRoute[];
  authorizer: JwtAuthorizer;
  /** Origins allowed by CORS; undefined or empty = any origin. */
  allowOrigins?: string[];
  loadHandler?: HandlerLoader;
  defaults?: { timeout: string; memory: string };
  /** API Gateway's default route throttling (a token bucket per route); absent = unthrottled. */
  throttle?: Throttle;
  /**
   * At most this many invocations run at once, the rest wait in line (default `defaultConcurrency`). In AWS each
   * Lambda instance serves one request with its own DynamoDB sockets; here all share one process and one client,
   * so unbounded parallelism queues SDK calls behind each other until they hit the client's timeouts (503s).
   */
  concurrency?: number;
  /** Local-only documents served without a token, e.g. `{ "/openapi.json": () => document }`. */
  documents?: Record<string, () => unknown>;
  /** How long a client may take to send a whole request (headers and body) before a 408; default 30 s. */
  requestTimeoutMs?: number;
  /** Milliseconds clock for the throttle; injectable so tests need not wait for refills. */
  now?: () => number;
  log?: (line: string) => void;
}

export interface Throttle {
  /** Requests a route may take at once with a full bucket. */
  burstLimit: number;
  /** Requests per second the bucket refills with. */
  rateLimit: number;
}

/** Measured with scripts/security-concurrency.mjs: enough to keep DynamoDB Local busy, few enough to never time out. */
export const defaultConcurrency = 8;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const maxBodyBytes = 10 * 1024 * 1024;

/** Imports `<repo>/<file>.ts` and picks the named export, like the Lambda runtime does with the handler string. */
export const importHandler: HandlerLoader = async (handler) => {
  const dot = handler.lastIndexOf(".");
  const file = path.join(repoRoot, `${handler.slice(0, dot)}.ts`);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const fn = module[handler.slice(dot + 1)];
  if (typeof fn !== "function") throw new Error(`${handler}: no exported function "${handler.slice(dot + 1)}"`);
  return fn as LambdaHandler;
};

interface CompiledRoute {
  route: GatewayRoute;
  routeKey: string;
  pattern: RegExp;
  params: string[];
}

function compile(route: GatewayRoute): CompiledRoute {
  const params: string[] = [];
  const source = route.path
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (param?.[1]) {
        params.push(param[1]);
        return param[2] ? "(.+)" : "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { route, routeKey: `${route.method} ${route.path}`, pattern: new RegExp(`^${source}$`), params };
}

/** API Gateway's throttle: `burstLimit` tokens, refilled at `rateLimit` per second; a request without one gets 429. */
function tokenBucket(limit: Throttle, now: () => number): () => boolean {
  let tokens = limit.burstLimit;
  let at = now();
  return () => {
    const t = now();
    tokens = Math.min(limit.burstLimit, tokens + ((t - at) / 1000) * limit.rateLimit);
    at = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/** Percent-decodes a path parameter; a malformed escape (`%E0%A4%A`) is passed on as sent rather than failing. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: { "content-type": "application/json" }, body: Buffer.from(JSON.stringify(body)) };
}

/** Ends the connection after the answer: the unread rest of the request must not be parsed as the next one. */
function closing(response: HttpResponse): HttpResponse {
  return { ...response, headers: { ...response.headers, connection: "close" } };
}

/** The whole body, "too large" past API Gateway's 10 MB (read to the end, so the 413 reaches the client). */
async function readBody(request: http.IncomingMessage): Promise<Buffer | "too large" | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size <= maxBodyBytes) chunks.push(chunk as Buffer);
    }
  } catch {
    return undefined;
  }
  return size > maxBodyBytes ? "too large" : Buffer.concat(chunks);
}

/** Writes the answer; a handler's header HTTP cannot carry (a newline, a bad name) is API Gateway's 500. */
function send(response: http.ServerResponse, result: HttpResponse): void {
  const head = (r: HttpResponse) =>
    response
      .writeHead(r.status, { ...r.headers, "apigw-requestid": randomUUID(), "content-length": String(r.body.length) })
      .end(r.body);
  try {
    head(result);
  } catch {
    head(json(500, { message: "Internal Server Error" }));
  }
}

export async function startGateway(o: GatewayOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const compiled = o.routes.map(compile);
  const loadHandler = o.loadHandler ?? importHandler;
  const defaults = o.defaults ?? handlerDefaults;
  const anyOrigin = !o.allowOrigins?.length;
  const now = o.now ?? (() => performance.now());
  const buckets = new Map<string, () => boolean>();
  // At most `concurrency` handlers run at once; the rest wait in arrival order.
  const invoke = pLimit(Math.max(1, o.concurrency ?? defaultConcurrency));
  // HTTP API's defaultRouteSettings throttle each route separately, before the authorizer runs.
  const admit = (routeKey: string): boolean => {
    if (!o.throttle) return true;
    const take = buckets.get(routeKey) ?? tokenBucket(o.throttle, now);
    buckets.set(routeKey, take);
    return take();
  };

  function corsHeaders(origin: string | undefined): Record<string, string> {
    if (!origin) return {};
    if (anyOrigin) return { "access-control-allow-origin": "*" };
    return o.allowOrigins?.includes(origin) ? { "access-control-allow-origin": origin, vary: "Origin" } : {};
  }

  async function respond(request: http.IncomingMessage, url: URL, body: Buffer): Promise<HttpResponse> {
    const cors = corsHeaders(request.headers.origin);
    // API Gateway answers every preflight itself, before routing or authorization.
    if (request.method === "OPTIONS") {
      const preflight = Object.keys(cors).length
        ? {
            ...cors,
            "access-control-allow-methods": corsPolicy.allowMethods.join(","),
            "access-control-allow-headers": corsPolicy.allowHeaders.join(",").toLowerCase(),
            "access-control-max-age": String(corsPolicy.maxAgeSeconds),
          }
        : {};
      return { status: 204, headers: preflight, body: Buffer.alloc(0) };
    }
    const withCors = (response: HttpResponse) => ({ ...response, headers: { ...response.headers, ...cors } });
    let match: { compiled: CompiledRoute; values: string[] } | undefined;
    for (const candidate of compiled) {
      if (candidate.route.method !== request.method) continue;
      const values = candidate.pattern.exec(url.pathname);
      if (values) {
        match = { compiled: candidate, values: values.slice(1) };
        break;
      }
    }
    const document = request.method === "GET" ? o.documents?.[url.pathname] : undefined;
    if (!match && document) return withCors(json(200, document()));
    if (!match) return withCors(json(404, { message: "Not Found" }));
    if (!admit(match.compiled.routeKey)) return withCors(json(429, { message: "Too Many Requests" }));
    // Repeated Authorization headers arrive joined with ",", as API Gateway joins them: never a valid token.
    const auth = await o.authorizer(headersOf(request).authorization);
    if (!auth) return withCors(json(401, { message: "Unauthorized" }));

    const { route, routeKey, params } = match.compiled;
    const pathParameters = Object.fromEntries(params.map((name, i) => [name, decodeSegment(match.values[i] ?? "")]));
    const requestId = randomUUID();
    const event = buildEvent({ request, url, body, routeKey, pathParameters, auth, requestId });
    const timeoutMs = durationMs(route.timeout ?? defaults.timeout);
    const functionName = `wildrydes-local-${route.handler.replace(/[^\w]+/g, "-")}`;
    try {
      const handler = await loadHandler(route.handler);
      // The function's clock starts when it gets a slot, as a Lambda's starts when an instance takes the event.
      const result = await invoke(async () => {
        const context = buildContext(functionName, timeoutMs, route.memory ?? defaults.memory);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Task timed out after ${timeoutMs / 1000} seconds`)), timeoutMs);
        });
        return Promise.race([Promise.resolve(handler(event, context)), timeout]).finally(() => clearTimeout(timer));
      });
      return withCors(mapResult(result));
    } catch (error) {
      o.log?.(`${routeKey} handler failed: ${(error as Error).stack ?? String(error)}`);
      return withCors(json(500, { message: "Internal Server Error" }));
    }
  }

  async function serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const url = targetOf(request);
    let result: HttpResponse;
    try {
      if (!url) result = closing(json(400, { message: "Bad Request" }));
      else if (headerBytes(request) > maxHeaderBytes)
        result = closing(json(431, { message: "Request Header Fields Too Large" }));
      else {
        const body = await readBody(request);
        if (!body) return; // the client went away, or its body never ended (answered 408 by answerClientError)
        result =
          body === "too large" ? json(413, { message: "Request Entity Too Large" }) : await respond(request, url, body);
      }
    } catch (error) {
      o.log?.(`gateway error: ${(error as Error).stack ?? String(error)}`);
      result = json(500, { message: "Internal Server Error" });
    }
    send(response, result);
    o.log?.(
      `${request.method} ${url?.pathname ?? "(bad target)"} ${result.status} ${Math.round(performance.now() - started)}ms`,
    );
  }

  const requestTimeout = o.requestTimeoutMs ?? 30_000;
  const server = http.createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(60_000, requestTimeout),
      // How often node looks for timed-out requests (its default, 30 s, would outlast a short test timeout).
      connectionsCheckingInterval: Math.min(30_000, Math.max(50, requestTimeout / 4)),
    },
    guarded(serve, o.log),
  );
  server.on("clientError", answerClientError);
  return listenOnLoopback(server, o.port);
}

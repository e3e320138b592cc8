/**
 * The local stand-in for the AppSync Event API: one HTTP server on 127.0.0.1 with the API's two endpoints.
 * `POST /event` is the server-side publish (SigV4 as IAM, the local keys, service "appsync"): a channel and one to
 * five events, each JSON text, delivered to every matching subscription. `/event/realtime` is the WebSocket clients
 * subscribe on (realtime.ts), with Cognito tokens judged by the same authorizer as the API's.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { JwtAuthorizer } from "../gateway/jwt-authorizer";
import { guarded, listenOnLoopback, readBodyUpTo } from "../plumbing/processes";
import { checkChannel } from "./channel-paths";
import { createRealtime, type RealtimeOptions } from "./realtime";
import { type Credentials, createSignatureVerifier } from "./sigv4";

export const eventPath = "/event";
export const realtimePath = "/event/realtime";
const maxEventsPerPublish = 5;
const maxEventBytes = 240 * 1024;
const maxBodyBytes = maxEventsPerPublish * maxEventBytes + 64 * 1024;

export interface LiveEventsOptions extends Pick<RealtimeOptions, "linkedUnicorn" | "keepAliveMs" | "log"> {
  /** 0 = any free port. */
  port: number;
  /** How clients' tokens are judged: the gateway's JWT authorizer (local/src/gateway/jwt-authorizer.ts). */
  authorize: JwtAuthorizer;
  /** The region and keys a publish must be signed with. */
  region: string;
  credentials: Credentials;
}

export interface LiveEvents {
  httpUrl: string;
  realtimeUrl: string;
  /** Publishes in-process, as a signed `POST /event` would; returns how many `data` messages went out. */
  publish(channel: string, events: readonly unknown[]): number;
  /** Open, authorized WebSocket connections. */
  connections(): number;
  stop(): Promise<void>;
}

type Answer = { status: number; body: object };
const failure = (status: number, errorType: string, message: string): Answer => ({
  status,
  body: { errors: [{ errorType, message }] },
});

export async function startLiveEvents(o: LiveEventsOptions): Promise<LiveEvents> {
  const realtime = createRealtime(o);
  const verify = createSignatureVerifier({ region: o.region, service: "appsync", credentials: o.credentials });

  async function publishOverHttp(request: http.IncomingMessage): Promise<Answer> {
    const body = await readBodyUpTo(request, maxBodyBytes);
    if (!body) return failure(413, "BadRequestException", `A publish request is at most ${maxBodyBytes} bytes.`);
    const verdict = await verify(request, body);
    if (!verdict.ok) return failure(verdict.status, "UnauthorizedException", verdict.message);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return failure(400, "BadRequestException", "The body is not JSON.");
    }
    const { channel, events } = (parsed ?? {}) as { channel?: unknown; events?: unknown };
    if (!Array.isArray(events) || events.length < 1 || events.length > maxEventsPerPublish) {
      return failure(400, "BadRequestException", `events must list 1 to ${maxEventsPerPublish} events.`);
    }
    const problem = events.findIndex((event) => !isJsonText(event) || Buffer.byteLength(event) > maxEventBytes);
    if (problem >= 0) {
      return failure(400, "BadRequestException", `Event ${problem} is not a JSON value as text of at most 240 KB.`);
    }
    // AppSync's own example publishes to "default/channel": the leading slash may be left out.
    const path = typeof channel === "string" && !channel.startsWith("/") ? `/${channel}` : channel;
    const check = checkChannel(path, { wildcard: false });
    const identified = (events as string[]).map((_, index) => ({ identifier: randomUUID(), index }));
    if (check.unknownNamespace) {
      const failed = identified.map((event) => ({ ...event, code: 400, message: check.problem }));
      return { status: 200, body: { failed, successful: [] } };
    }
    if (!check.ok) return failure(400, "BadRequestException", check.problem ?? "Invalid channel.");
    realtime.deliver(path as string, events as string[]);
    return { status: 200, body: { failed: [], successful: identified } };
  }

  const server = http.createServer(
    guarded(async (request, response) => {
      const { pathname } = new URL(request.url ?? "/", "http://stand-in.invalid");
      let answer: Answer;
      if (pathname !== eventPath) answer = failure(404, "NotFoundException", "Not found.");
      else if (request.method !== "POST") answer = failure(405, "BadRequestException", "Only POST publishes.");
      else answer = await publishOverHttp(request);
      response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    }, o.log),
  );
  server.on("upgrade", (request: http.IncomingMessage, socket, head: Buffer) => {
    const { pathname } = new URL(request.url ?? "/", "http://stand-in.invalid");
    if (pathname !== realtimePath) {
      return void socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    }
    realtime.upgrade(request, socket, head).catch((error: unknown) => {
      o.log?.(`live: upgrade failed: ${String(error)}`);
      socket.destroy();
    });
  });
  const listening = await listenOnLoopback(server, o.port);

  return {
    httpUrl: `${listening.url}${eventPath}`,
    realtimeUrl: `${listening.url.replace(/^http:/, "ws:")}${realtimePath}`,
    publish(channel, events) {
      const check = checkChannel(channel, { wildcard: false });
      if (!check.ok) throw new Error(`Cannot publish to ${channel}: ${check.problem}`);
      return realtime.deliver(
        channel,
        events.map((event) => JSON.stringify(event)),
      );
    },
    connections: realtime.connections,
    async stop() {
      realtime.close();
      await listening.stop();
    },
  };
}

/** A JSON value written as text, as AppSync wants each event. */
function isJsonText(event: unknown): event is string {
  if (typeof event !== "string") return false;
  try {
    JSON.parse(event);
    return true;
  } catch {
    return false;
  }
}

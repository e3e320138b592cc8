/**
 * AppSync Events' real-time WebSocket protocol, locally: the subprotocols `aws-appsync-event-ws` and
 * `header-<base64url JSON>` carrying the Cognito token; `connection_init` → `connection_ack`; `ka` keep-alives;
 * `subscribe` (its own token, then the channel rule of core) → `subscribe_success` or `subscribe_error`; `data` for
 * each event; `unsubscribe` → `unsubscribe_success`. Clients never publish here: only the server does, over signed
 * HTTP. A connection without a valid token is upgraded, then answered `connection_error` and closed, which Amplify
 * takes as final (a failed upgrade it would retry with backoff).
 */
import type http from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { Channels } from "@wildrydes/core/rules/channels";
import WebSocket from "ws";
import type { JwtAuthorizer } from "../gateway/jwt-authorizer";
import { channelMatches, checkChannel } from "./channel-paths";

export const eventProtocol = "aws-appsync-event-ws";
/** What `connection_ack` tells the client: close the connection when no `ka` has come for this long. */
export const connectionTimeoutMs = 300_000;
/** An unauthorized connection that says nothing is told and closed after this long. */
const refusalDelayMs = 5_000;
/** AppSync's largest event is 240 KB; a frame holds at most five of them and their envelope. */
const maxFrameBytes = 1_300_000;

export interface RealtimeOptions {
  authorize: JwtAuthorizer;
  /** The fleet unicorn an account is linked to, for `/unicorns/<id>` (issue 22); none is linked until then. */
  linkedUnicorn?: (sub: string) => Promise<string | undefined>;
  /** Milliseconds between `ka` messages (AppSync: about a minute). */
  keepAliveMs?: number;
  log?: (line: string) => void;
}

interface AppSyncError {
  errorType: string;
  message: string;
}

interface Connection {
  socket: WebSocket;
  /** Subscription id → its channel (a path, or a prefix ending in `/*`). */
  subscriptions: Map<string, string>;
  /** Subscriptions still being authorized; true once the client unsubscribed meanwhile. */
  pending: Map<string, boolean>;
}

const unauthorized = (message: string): AppSyncError => ({ errorType: "UnauthorizedException", message });
const badRequest = (message: string): AppSyncError => ({ errorType: "BadRequestException", message });
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The token in the `header-` subprotocol (base64url JSON `{"host", "Authorization"}`), if there is one. */
export function tokenFromSubprotocols(protocols: string[]): string | undefined {
  const header = protocols.find((protocol) => protocol.startsWith("header-"));
  if (!header) return undefined;
  try {
    // Node's base64 decoder takes the URL-safe alphabet, with or without padding.
    const decoded: unknown = JSON.parse(Buffer.from(header.slice("header-".length), "base64").toString("utf8"));
    return isRecord(decoded) ? authorizationOf(decoded) : undefined;
  } catch {
    return undefined;
  }
}

function authorizationOf(headers: Record<string, unknown>): string | undefined {
  const value = headers.Authorization ?? headers.authorization;
  return typeof value === "string" ? value : undefined;
}

export function createRealtime(o: RealtimeOptions) {
  const log = o.log ?? (() => {});
  const server = new WebSocket.Server({
    noServer: true,
    maxPayload: maxFrameBytes,
    // Only the event protocol is echoed back; the `header-` one carries the token and is never selected.
    handleProtocols: (protocols: string[]) => (protocols.includes(eventProtocol) ? eventProtocol : false),
  });
  const open = new Set<Connection>();
  const send = (socket: WebSocket, message: object) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const keepAlive = setInterval(() => {
    for (const connection of open) send(connection.socket, { type: "ka" });
  }, o.keepAliveMs ?? 60_000);
  keepAlive.unref();

  /** Refused connections are upgraded, told why at their first word (or after a while), and closed. */
  function refuse(socket: WebSocket): void {
    const tell = () => {
      clearTimeout(timer);
      const errors = [unauthorized("You are not authorized to make this call: no valid token of the user pool.")];
      send(socket, { type: "connection_error", errors });
      socket.close(1008, "Unauthorized");
    };
    const timer = setTimeout(tell, refusalDelayMs);
    socket.once("message", tell);
    socket.on("error", () => socket.terminate());
  }

  function accept(socket: WebSocket): void {
    const connection: Connection = { socket, subscriptions: new Map(), pending: new Map() };
    open.add(connection);
    socket.on("message", (data) => {
      void onMessage(connection, data).catch((error: unknown) => {
        log(`live: a message failed: ${String(error)}`);
        send(socket, { type: "error", errors: [{ errorType: "InternalFailure", message: "The message failed." }] });
      });
    });
    socket.on("close", () => open.delete(connection));
    socket.on("error", () => socket.terminate());
  }

  async function onMessage(connection: Connection, data: WebSocket.Data): Promise<void> {
    const { socket } = connection;
    let message: unknown;
    try {
      message = typeof data === "string" ? JSON.parse(data) : undefined;
    } catch {
      message = undefined;
    }
    if (!isRecord(message) || typeof message.type !== "string") {
      return send(socket, { type: "error", errors: [badRequest("A message is a JSON object with a string type.")] });
    }
    const id = typeof message.id === "string" && message.id !== "" ? message.id : undefined;
    switch (message.type) {
      case "connection_init":
        send(socket, { type: "connection_ack", connectionTimeoutMs });
        return send(socket, { type: "ka" });
      case "subscribe":
        return subscribe(connection, id, message);
      case "unsubscribe":
        return unsubscribe(connection, id);
      case "publish":
        return send(socket, {
          type: "publish_error",
          ...(id && { id }),
          errors: [unauthorized("Clients cannot publish: only the server publishes (IAM).")],
        });
      default:
        return send(socket, {
          type: "error",
          ...(id && { id }),
          errors: [{ errorType: "UnsupportedOperation", message: `Unknown message type '${message.type}'.` }],
        });
    }
  }

  async function subscribe(c: Connection, id: string | undefined, message: Record<string, unknown>): Promise<void> {
    if (!id) return send(c.socket, { type: "error", errors: [badRequest("A subscribe message needs an id.")] });
    const fail = (error: AppSyncError) => send(c.socket, { type: "subscribe_error", id, errors: [error] });
    if (c.subscriptions.has(id) || c.pending.has(id)) return fail(badRequest(`Subscription id '${id}' is in use.`));
    const check = checkChannel(message.channel, { wildcard: true });
    if (!check.ok) return fail(badRequest(check.problem ?? "Invalid channel."));
    const channel = message.channel as string;
    c.pending.set(id, false);
    try {
      const token = isRecord(message.authorization) ? authorizationOf(message.authorization) : undefined;
      const identity = token ? await o.authorize(token) : null;
      const sub = identity?.claims.sub;
      if (!sub) return fail(unauthorized("The subscription has no valid token of the user pool."));
      // The stored link matters only to a unicorn's channel: no table read for any other.
      const unicornId = channel.startsWith(Channels.unicorn("")) ? await o.linkedUnicorn?.(sub) : undefined;
      if (!Channels.maySubscribe(channel, unicornId ? { sub, unicornId } : { sub })) {
        log(`live: subscribe to ${channel} refused`);
        return fail(unauthorized(`Not allowed to subscribe to ${channel}.`));
      }
      if (c.pending.get(id)) return; // unsubscribed while we checked
      c.subscriptions.set(id, channel);
      send(c.socket, { type: "subscribe_success", id });
    } finally {
      c.pending.delete(id);
    }
  }

  function unsubscribe(c: Connection, id: string | undefined): void {
    if (!id) {
      send(c.socket, { type: "error", errors: [badRequest("An unsubscribe message needs an id.")] });
    } else if (c.pending.has(id) || c.subscriptions.has(id)) {
      if (c.pending.has(id)) c.pending.set(id, true); // still being authorized: it will not start
      c.subscriptions.delete(id);
      send(c.socket, { type: "unsubscribe_success", id });
    } else {
      const errors = [{ errorType: "UnknownOperationError", message: `No subscription has the id '${id}'.` }];
      send(c.socket, { type: "unsubscribe_error", id, errors });
    }
  }

  return {
    /** Takes over an HTTP upgrade of `/event/realtime`: the token is judged before the socket is accepted. */
    async upgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
      socket.on("error", () => socket.destroy());
      const protocols = String(request.headers["sec-websocket-protocol"] ?? "")
        .split(",")
        .map((protocol) => protocol.trim())
        .filter(Boolean);
      if (!protocols.includes(eventProtocol)) {
        const body = `The WebSocket subprotocol ${eventProtocol} is required.`;
        return void socket.end(
          `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
      }
      const identity = await o.authorize(tokenFromSubprotocols(protocols));
      if (socket.destroyed) return;
      if (!identity) log("live: connection refused (no valid token)");
      // An HTTP server's upgrade hands over its net.Socket, typed as the Duplex it is.
      server.handleUpgrade(request, socket as Socket, head, (websocket) =>
        identity ? accept(websocket) : refuse(websocket),
      );
    },
    /** Sends each event (JSON text) to every subscription whose channel matches; returns how many messages went. */
    deliver(channel: string, events: readonly string[]): number {
      let sent = 0;
      for (const { socket, subscriptions } of open) {
        for (const [id, subscribed] of subscriptions) {
          if (!channelMatches(subscribed, channel)) continue;
          for (const event of events) send(socket, { type: "data", id, event });
          sent += events.length;
        }
      }
      return sent;
    },
    connections: () => open.size,
    /** Drops every connection at once, as a restarting service would. */
    close(): void {
      clearInterval(keepAlive);
      for (const socket of server.clients) socket.terminate();
      open.clear();
      server.close();
    },
  };
}

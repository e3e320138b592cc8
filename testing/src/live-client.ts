/**
 * The live events' protocol by hand, for tests: a raw WebSocket client speaking AppSync Events' messages, and the
 * server side's signed HTTP publish (SigV4 with the local keys, as the publisher Lambda sends it).
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import WebSocket from "ws";

export const eventProtocol = "aws-appsync-event-ws";

export interface LiveMessage {
  type: string;
  id?: string;
  event?: string;
  connectionTimeoutMs?: number;
  errors?: { errorType: string; message: string }[];
}

/** The subprotocols a client offers: the event protocol and its token in a base64url `header-` one. */
export function liveProtocols(host: string, token?: string): string[] {
  const header = Buffer.from(JSON.stringify({ host, Authorization: token })).toString("base64url");
  return [eventProtocol, `header-${header}`];
}

export class LiveClient {
  /** Every message received, in order. */
  readonly messages: LiveMessage[] = [];
  /** Resolves with the close code once the server (or `close()`) ends the connection. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly taken = new Set<LiveMessage>();
  private readonly waiting = new Set<() => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.messages.push(JSON.parse(String(data)) as LiveMessage);
      for (const wake of this.waiting) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.once("close", (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  /**
   * Opens a connection to `realtimeUrl` with `token` (none: a header without one), or with exactly `protocols`.
   * Rejects when the upgrade itself is refused (`Unexpected server response: <status>`).
   */
  static open(realtimeUrl: string, o: { token?: string; host?: string; protocols?: string[] } = {}) {
    const protocols = o.protocols ?? liveProtocols(o.host ?? new URL(realtimeUrl).host, o.token);
    const socket = new WebSocket(realtimeUrl, protocols);
    const client = new LiveClient(socket);
    return new Promise<LiveClient>((resolve, reject) => {
      socket.once("open", () => resolve(client));
      socket.once("error", reject);
    });
  }

  /** Opens, sends `connection_init` and waits for the ack. */
  static async connect(realtimeUrl: string, token: string): Promise<LiveClient> {
    const client = await LiveClient.open(realtimeUrl, { token });
    client.send({ type: "connection_init" });
    await client.next("connection_ack");
    return client;
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  send(message: object | string | Buffer): void {
    this.socket.send(typeof message === "object" && !Buffer.isBuffer(message) ? JSON.stringify(message) : message);
  }

  /** Subscribes with its own authorization (as Amplify sends it) and waits for the answer to that id. */
  async subscribe(id: string, channel: string, token: string): Promise<LiveMessage> {
    this.send({ type: "subscribe", id, channel, authorization: { Authorization: token, host: "127.0.0.1" } });
    return this.next((m) => m.id === id && m.type.startsWith("subscribe_"));
  }

  /** The first message not returned before that has `type` (or passes `match`); rejects after `timeoutMs`. */
  next(match: string | ((message: LiveMessage) => boolean), timeoutMs = 5000): Promise<LiveMessage> {
    const test = typeof match === "string" ? (m: LiveMessage) => m.type === match : match;
    return new Promise((resolve, reject) => {
      const look = () => {
        const found = this.messages.find((m) => !this.taken.has(m) && test(m));
        if (!found) return false;
        this.taken.add(found);
        this.waiting.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = () => void look();
      const timer = setTimeout(() => {
        this.waiting.delete(wake);
        reject(new Error(`no ${typeof match === "string" ? match : "matching"} message in ${timeoutMs} ms`));
      }, timeoutMs);
      if (!look()) this.waiting.add(wake);
    });
  }

  /** The `data` messages received for subscription `id`, their events parsed. */
  events(id: string): unknown[] {
    return this.messages.filter((m) => m.type === "data" && m.id === id).map((m) => JSON.parse(m.event ?? "null"));
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * POSTs `body` to the Event API's `httpUrl` signed with SigV4 (service "appsync"), as the publisher Lambda does;
 * `credentials` and `region` default to the local stack's.
 */
export async function signedPublish(
  httpUrl: string,
  body: string,
  o: {
    credentials?: { accessKeyId: string; secretAccessKey: string };
    region?: string;
    /** The body actually sent, when it should differ from the one signed. */
    send?: string;
  } = {},
): Promise<Response> {
  const url = new URL(httpUrl);
  const signer = new SignatureV4({
    service: "appsync",
    region: o.region ?? "us-east-1",
    credentials: o.credentials ?? { accessKeyId: "local", secretAccessKey: "local" },
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, "content-type": "application/json" },
    body,
  });
  const { host: _, ...headers } = signed.headers;
  return fetch(url, { method: "POST", headers, body: o.send ?? body });
}

/** A publish body: `events` each sent as JSON text. */
export const publishBody = (channel: string, events: unknown[]) =>
  JSON.stringify({ channel, events: events.map((event) => JSON.stringify(event)) });

/** Closes every client in `clients` (emptying it) and waits until each connection has ended. */
export async function closeAll(clients: LiveClient[]): Promise<void> {
  const closing = clients.splice(0);
  for (const client of closing) client.close();
  await Promise.all(closing.map((client) => client.closed));
}

/**
 * The site's router, as CloudFront's in the cloud: a request under a routed prefix (`/api/rides`) goes to that
 * prefix's server with the prefix stripped (`/rides`), streamed both ways, so the browser only ever calls the site.
 * WebSocket upgrades (the live events' `/event/realtime`) are passed on the same way.
 */
import http from "node:http";
import type { Duplex } from "node:stream";

/**
 * Path prefix -> the URL that serves it, e.g. `{ "/api": "http://127.0.0.1:3001" }`; a URL with a path keeps it in
 * front of what follows the prefix (`{ "/event": "http://127.0.0.1:3002/event" }`: `/event/realtime` stays whole).
 */
export type SiteRoutes = Record<string, string>;

/** The paths the web app calls on its own origin, the same in every build and on every port. */
export const sitePaths = { api: "/api", cognito: "/cognito", events: "/event" } as const;

export interface Route {
  upstream: URL;
  /** The path and query the upstream sees. */
  target: string;
}

/** `/api` and `/api/...` match the prefix `/api`; `/apiary` does not. */
export function routeFor(routes: SiteRoutes, url: URL): Route | null {
  for (const [prefix, origin] of Object.entries(routes)) {
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) continue;
    const upstream = new URL(origin);
    const base = upstream.pathname.replace(/\/$/, "");
    return { upstream, target: `${`${base}${url.pathname.slice(prefix.length)}` || "/"}${url.search}` };
  }
  return null;
}

// Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus Host, which names the upstream.
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
]);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = String(headers.connection ?? "")
    .toLowerCase()
    .split(",")
    .map((name) => name.trim());
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name, value]) => value !== undefined && !hopByHop.has(name) && !named.includes(name),
    ),
  );
}

/** Streams the request to the route's upstream and its answer back; an unreachable upstream is a 502. */
export function forward(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  route: Route,
  log?: (line: string) => void,
): void {
  const outgoing = http.request(
    {
      host: route.upstream.hostname,
      port: route.upstream.port,
      method: request.method,
      path: route.target,
      headers: { ...endToEnd(request.headers), host: route.upstream.host },
    },
    (answer) => {
      // The site never caches API answers (the cloud's /api/* behaviour has caching disabled).
      const headers = { "cache-control": "no-store", ...endToEnd(answer.headers) };
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
      answer.pipe(response);
    },
  );
  outgoing.once("error", (error) => {
    log?.(`site ${request.method} ${route.target} -> ${route.upstream.origin} failed: ${error.message}`);
    if (response.headersSent) return void response.destroy();
    response.writeHead(502, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
    response.end("Bad Gateway");
  });
  // A browser that gives up mid-answer must not leave the upstream request hanging.
  response.once("close", () => {
    if (!response.writableFinished) outgoing.destroy();
  });
  request.pipe(outgoing);
}

/**
 * Passes a WebSocket upgrade to the route's upstream and, once it switches protocols, joins the two sockets; any
 * other answer (a refusal) is relayed as is. An unreachable upstream is a 502.
 */
export function forwardUpgrade(
  request: http.IncomingMessage,
  socket: Duplex,
  head: Buffer,
  route: Route,
  log?: (line: string) => void,
): void {
  socket.on("error", () => socket.destroy());
  // Upgrade and Connection are the point here, so the headers go as they came, but for Host.
  const headers = { ...request.headers, host: route.upstream.host };
  const outgoing = http.request({
    host: route.upstream.hostname,
    port: route.upstream.port,
    method: request.method,
    path: route.target,
    headers,
  });
  const statusLine = (answer: http.IncomingMessage, lines: string) =>
    `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage ?? ""}\r\n${lines}\r\n`;
  outgoing.once("upgrade", (answer, upstream, upstreamHead) => {
    upstream.on("error", () => socket.destroy());
    socket.on("close", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
    socket.write(statusLine(answer, headerLines(answer.rawHeaders)));
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket).pipe(upstream);
  });
  // A refusal: its body arrives decoded, so it goes out undelimited, ended by closing the connection.
  outgoing.once("response", (answer) => {
    const framing = new Set(["transfer-encoding", "content-length", "connection"]);
    socket.write(statusLine(answer, `${headerLines(answer.rawHeaders, framing)}Connection: close\r\n`));
    answer.pipe(socket);
  });
  outgoing.once("error", (error) => {
    log?.(`site upgrade ${route.target} -> ${route.upstream.origin} failed: ${error.message}`);
    socket.end("HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  outgoing.end();
}

/** Node's raw header list (name, value, name, value…) as header lines, leaving out the names in `except`. */
function headerLines(raw: string[], except = new Set<string>()): string {
  let lines = "";
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!except.has(String(raw[i]).toLowerCase())) lines += `${raw[i]}: ${raw[i + 1]}\r\n`;
  }
  return lines;
}

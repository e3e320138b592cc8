/**
 * The site's router, as CloudFront's in the cloud: a request under a routed prefix (`/api/rides`) goes to that
 * prefix's server with the prefix stripped (`/rides`), streamed both ways, so the browser only ever calls the site.
 */
import http from "node:http";

/** Path prefix -> the origin that serves it, e.g. `{ "/api": "http://127.0.0.1:3001" }`. */
export type SiteRoutes = Record<string, string>;

/** The paths the web app calls on its own origin, the same in every build and on every port. */
export const sitePaths = { api: "/api", cognito: "/cognito" } as const;

export interface Route {
  upstream: URL;
  /** The path and query the upstream sees. */
  target: string;
}

/** `/api` and `/api/...` match the prefix `/api`; `/apiary` does not. */
export function routeFor(routes: SiteRoutes, url: URL): Route | null {
  for (const [prefix, origin] of Object.entries(routes)) {
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) continue;
    return { upstream: new URL(origin), target: `${url.pathname.slice(prefix.length) || "/"}${url.search}` };
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

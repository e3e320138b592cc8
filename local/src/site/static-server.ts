/**
 * Serves the web app's static export the way CloudFront + S3 do in the cloud: clean URLs, the 404 page, long-lived
 * caching for fingerprinted assets, and exactly the security headers the CDN sends. Like the cloud's router it also
 * passes `/api/*` (and, locally, `/cognito/*`) to their servers with the prefix stripped, and `/event/*` to the live
 * events (WebSocket upgrades included), so the browser talks only to the site's origin.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import type { Duplex } from "node:stream";
import { createGzip } from "node:zlib";
import { guarded, listenOnLoopback } from "../plumbing/processes";
import { forward, forwardUpgrade, routeFor, type SiteRoutes } from "./router";

const compressible = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/;

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".wasm": "application/wasm",
};

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

/** `/` -> index.html, `/x/` -> x/index.html, `/x` -> x.html or x/index.html, `/a.js` -> a.js; never outside root. */
export async function resolveFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const target = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (target !== root && !target.startsWith(root + path.sep)) return null;
  const candidates = decoded.endsWith("/")
    ? [path.join(target, "index.html")]
    : [target, `${target}.html`, path.join(target, "index.html")];
  for (const candidate of candidates) if (await isFile(candidate)) return candidate;
  return null;
}

function cacheControl(root: string, file: string): string {
  // Next fingerprints everything under _next/static; HTML must be revalidated so deploys show up at once.
  if (path.relative(root, file).startsWith(`_next${path.sep}static${path.sep}`)) {
    return "public, max-age=31536000, immutable";
  }
  return file.endsWith(".html") ? "no-cache" : "public, max-age=3600";
}

export async function startStaticServer(o: {
  port: number;
  root: string;
  headers: Record<string, string>;
  /** Path prefixes served by other servers, e.g. `{ "/api": "http://127.0.0.1:3001" }`. */
  routes?: SiteRoutes;
  log?: (line: string) => void;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const root = path.resolve(o.root);
  const base = { ...o.headers };
  const plain = (response: http.ServerResponse, status: number, text: string, extra = {}) =>
    response.writeHead(status, { ...base, ...extra, "content-type": "text/plain; charset=utf-8" }).end(text);
  const server = http.createServer(
    guarded(async (request, response) => {
      const url = parseTarget(request.url);
      if (!url) return plain(response, 400, "Bad Request");
      const route = routeFor(o.routes ?? {}, url);
      if (route) return forward(request, response, route, o.log);
      if (request.method !== "GET" && request.method !== "HEAD") {
        return plain(response, 405, "Method Not Allowed", { allow: "GET, HEAD" });
      }
      let status = 200;
      let file = await resolveFile(root, url.pathname);
      if (!file) {
        status = 404;
        const notFound = path.join(root, "404.html");
        file = (await isFile(notFound)) ? notFound : null;
      }
      if (!file) return plain(response, 404, "Not Found");
      const info = await stat(file);
      const type = contentTypes[path.extname(file).toLowerCase()] ?? "application/octet-stream";
      // Like CloudFront's automatic compression: text goes out gzipped to browsers that accept it.
      const gzip = compressible.test(type) && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
      response.writeHead(status, {
        ...base,
        "content-type": type,
        ...(gzip ? { "content-encoding": "gzip" } : { "content-length": String(info.size) }),
        vary: "Accept-Encoding",
        "cache-control": status === 404 ? "no-cache" : cacheControl(root, file),
        "last-modified": info.mtime.toUTCString(),
      });
      if (request.method === "HEAD") response.end();
      else if (gzip) createReadStream(file).pipe(createGzip()).pipe(response);
      else createReadStream(file).pipe(response);
      if (status !== 200) o.log?.(`web ${request.method} ${url.pathname} ${status}`);
    }, o.log),
  );
  // The live events' WebSocket (`/event/realtime`) upgrades through the site like any routed request.
  server.on("upgrade", (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = parseTarget(request.url);
    const route = url && routeFor(o.routes ?? {}, url);
    if (route) return forwardUpgrade(request, socket, head, route, o.log);
    socket.on("error", () => socket.destroy());
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  return listenOnLoopback(server, o.port);
}

/** The request target as a URL; null when it is not one (e.g. `http://127.0.0.1:99999/`, an out-of-range port). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? "/", "http://site.invalid");
  } catch {
    return null;
  }
}

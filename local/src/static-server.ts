/**
 * Serves the web app's static export the way CloudFront + S3 do in the cloud: clean URLs, the 404 page, long-lived
 * caching for fingerprinted assets, and exactly the security headers the CDN sends.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { createGzip } from "node:zlib";
import { listenOnLoopback } from "./processes";

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
  log?: (line: string) => void;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const root = path.resolve(o.root);
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const base = { ...o.headers };
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { ...base, allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      response.end("Method Not Allowed");
      return;
    }
    let status = 200;
    let file = await resolveFile(root, url.pathname);
    if (!file) {
      status = 404;
      const notFound = path.join(root, "404.html");
      file = (await isFile(notFound)) ? notFound : null;
    }
    if (!file) {
      response.writeHead(404, { ...base, "content-type": "text/plain; charset=utf-8" }).end("Not Found");
      return;
    }
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
  });
  return listenOnLoopback(server, o.port);
}

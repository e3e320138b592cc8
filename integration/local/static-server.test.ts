import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { securityHeaders } from "@wildrydes/core/site/security-headers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer } from "../../local/src/site/static-server";

const root = mkdtempSync(path.join(os.tmpdir(), "wr-static-"));
const headers = securityHeaders({ connect: ["http://127.0.0.1:3001", "http://127.0.0.1:9229"] });
let site: { url: string; stop(): Promise<void> };
let api: { url: string; stop(): Promise<void> };
const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  const files: Record<string, string> = {
    "index.html": "<h1>home</h1>",
    "ride/index.html": "<h1>ride</h1>",
    "workshop.html": "<h1>workshop</h1>",
    "404.html": "<h1>lost unicorn</h1>",
    "_next/static/chunks/app-1a2b.js": "console.log(1)",
    "styles.css": "body{}",
    "map.svg": "<svg/>",
  };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  writeFileSync(path.join(os.tmpdir(), "wr-secret.txt"), "outside the site");
  // A stand-in for the gateway: records what reached it and answers with an echo.
  const upstream = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    seen.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: Buffer.concat(chunks).toString(),
    });
    if (request.url?.startsWith("/cached")) response.setHeader("cache-control", "max-age=60");
    response.writeHead(request.method === "POST" ? 201 : 200, {
      "content-type": "application/json",
      "x-request-id": "r-1",
      connection: "keep-alive, x-private",
      "x-private": "hop",
    });
    response.end(JSON.stringify({ path: request.url }));
  });
  const { listenOnLoopback } = await import("../../local/src/plumbing/processes");
  api = await listenOnLoopback(upstream, 0);
  site = await startStaticServer({
    port: 0,
    root,
    headers,
    routes: { "/api": api.url, "/down": "http://127.0.0.1:9" },
  });
});

afterAll(async () => {
  await site?.stop();
  await api?.stop();
  rmSync(root, { recursive: true, force: true });
  rmSync(path.join(os.tmpdir(), "wr-secret.txt"), { force: true });
});

describe("static server", () => {
  it("sends exactly the site's security headers", async () => {
    const response = await fetch(`${site.url}/`);
    expect(response.status).toBe(200);
    for (const [name, value] of Object.entries(headers)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get("content-security-policy")).toContain(
      "connect-src 'self' http://127.0.0.1:3001 http://127.0.0.1:9229",
    );
  });

  it("serves clean URLs: / and /ride/ and /ride and /workshop", async () => {
    for (const [url, text] of [
      ["/", "home"],
      ["/ride/", "ride"],
      ["/ride", "ride"],
      ["/workshop", "workshop"],
      ["/ride/?id=01X", "ride"],
    ]) {
      const response = await fetch(`${site.url}${url}`);
      expect(response.status, url).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await response.text()).toContain(text);
    }
  });

  it("answers a missing page with the 404 page, status 404 and the security headers", async () => {
    const response = await fetch(`${site.url}/no/such/page/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("lost unicorn");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("sets content types and caches fingerprinted assets for a year, HTML never", async () => {
    const js = await fetch(`${site.url}/_next/static/chunks/app-1a2b.js`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${site.url}/styles.css`)).headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await fetch(`${site.url}/map.svg`)).headers.get("content-type")).toBe("image/svg+xml");
    expect((await fetch(`${site.url}/`)).headers.get("cache-control")).toBe("no-cache");
  });

  it("gzips text for browsers that accept it, as CloudFront does, and sends it plain otherwise", async () => {
    const script = `${site.url}/_next/static/chunks/app-1a2b.js`;
    const zipped = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(script, { headers: { "accept-encoding": "gzip, br" } }, resolve),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of zipped) chunks.push(chunk as Buffer);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toBe("Accept-Encoding");
    expect(gunzipSync(Buffer.concat(chunks)).toString()).toBe("console.log(1)");
    const plain = await new Promise<http.IncomingMessage>((resolve) => http.get(script, resolve));
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["content-length"]).toBe(String("console.log(1)".length));
    plain.resume();
  });

  it("never serves files outside the site folder", async () => {
    const response = await fetch(`${site.url}/..%2fwr-secret.txt`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("outside the site");
  });

  it("refuses writes", async () => {
    expect((await fetch(`${site.url}/`, { method: "POST" })).status).toBe(405);
  });
});

describe("the site's router (/api/* to the gateway, prefix stripped)", () => {
  it("passes method, path, query, Authorization, Idempotency-Key and body, and brings status and headers back", async () => {
    seen.length = 0;
    const response = await fetch(`${site.url}/api/rides?limit=2&cursor=a%2Fb`, {
      method: "POST",
      headers: { authorization: "Bearer t0k3n", "idempotency-key": "k-1", "content-type": "application/json" },
      body: '{"pickup":1}',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ path: "/rides?limit=2&cursor=a%2Fb" });
    expect(response.headers.get("x-request-id")).toBe("r-1");
    expect(response.headers.get("cache-control")).toBe("no-store"); // never cached when the gateway says nothing
    expect(response.headers.get("x-private")).toBeNull(); // named in Connection: hop-by-hop
    const [request] = seen;
    expect(request).toMatchObject({ method: "POST", url: "/rides?limit=2&cursor=a%2Fb", body: '{"pickup":1}' });
    expect(request?.headers).toMatchObject({ authorization: "Bearer t0k3n", "idempotency-key": "k-1" });
    expect(request?.headers.host).toBe(new URL(api.url).host);
  });

  it("routes /api itself but not /apiary, and keeps the gateway's own cache-control", async () => {
    expect(await (await fetch(`${site.url}/api`)).json()).toEqual({ path: "/" });
    expect((await fetch(`${site.url}/apiary`)).status).toBe(404);
    expect((await fetch(`${site.url}/api/cached`)).headers.get("cache-control")).toBe("max-age=60");
  });

  it("answers 502 when the upstream is down, and keeps serving", async () => {
    const response = await fetch(`${site.url}/down/rides`);
    expect(response.status).toBe(502);
    expect((await fetch(`${site.url}/`)).status).toBe(200);
  });
});

/** Sends raw bytes and resolves with what came back before the socket closed (or after a short wait). */
function raw(bytes: string): Promise<string> {
  const { port } = new URL(site.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(bytes));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve(answer));
    socket.setTimeout(2000, () => socket.destroy());
  });
}

const status = (answer: string) => Number(answer.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);

describe("malformed requests", () => {
  it.each([
    [
      "an absolute-form target with a bad port",
      "GET http://127.0.0.1:99999/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ],
    ["the same under /api", "GET http://127.0.0.1:99999/api/rides HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"],
    ["a bad percent-escape", "GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"],
    ["garbage bytes", "\x00\x01\xff not http at all\r\n\r\n"],
    ["a huge header", `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`],
  ])("answers %s with a 4xx and keeps serving", async (_, bytes) => {
    const answer = await raw(bytes);
    expect(status(answer)).toBeGreaterThanOrEqual(400);
    expect(status(answer)).toBeLessThan(500);
    expect((await fetch(`${site.url}/`)).status).toBe(200);
  });

  it("serves a valid absolute-form target", async () => {
    const { host } = new URL(site.url);
    expect(status(await raw(`GET http://${host}/ride/ HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`))).toBe(
      200,
    );
  });
});

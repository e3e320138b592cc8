import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityHeaders } from "../../web/security-headers";
import { startStaticServer } from "../src/static-server";

const root = mkdtempSync(path.join(os.tmpdir(), "wr-static-"));
const headers = securityHeaders({ connect: ["http://127.0.0.1:3001", "http://127.0.0.1:9229"] });
let site: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  const files: Record<string, string> = {
    "index.html": "<h1>home</h1>",
    "ride/index.html": "<h1>ride</h1>",
    "legacy.html": "<h1>legacy</h1>",
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
  site = await startStaticServer({ port: 0, root, headers });
});

afterAll(async () => {
  await site?.stop();
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

  it("serves clean URLs: / and /ride/ and /ride and /legacy", async () => {
    for (const [url, text] of [
      ["/", "home"],
      ["/ride/", "ride"],
      ["/ride", "ride"],
      ["/legacy", "legacy"],
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

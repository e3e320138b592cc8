/**
 * Whatever bytes a client sends, the gateway answers with a 4xx in API Gateway's `{"message": …}` shape and keeps
 * serving: raw sockets, because fetch cannot send most of these.
 */
import net from "node:net";
import { accessClaims, poolJwks, signAsPool } from "@wildrydes/testing/tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localIssuer, localPool } from "../../local/src/cognito/cognito-local";
import { startGateway } from "../../local/src/gateway/gateway";
import { createJwtAuthorizer } from "../../local/src/gateway/jwt-authorizer";
import type { HttpEvent } from "../../local/src/gateway/lambda-event";

let gateway: { url: string; stop(): Promise<void> };
let port: number;
let token: string;
const logged: string[] = [];

beforeAll(async () => {
  token = await signAsPool(accessClaims({ issuer: localIssuer, clientId: localPool.webClientId }));
  gateway = await startGateway({
    port: 0,
    routes: [
      { method: "GET", path: "/rides/{rideId}", handler: "echo" },
      { method: "GET", path: "/bad-header", handler: "badHeader" },
    ],
    authorizer: createJwtAuthorizer({ issuer: localIssuer, audiences: [localPool.webClientId], jwks: poolJwks }),
    requestTimeoutMs: 400,
    loadHandler: async (name) =>
      name === "echo"
        ? (event) => ({ path: (event as HttpEvent).pathParameters, query: (event as HttpEvent).queryStringParameters })
        : () => ({ statusCode: 200, headers: { "x-broken": "line\r\nbreak" }, body: "{}" }),
    log: (line) => logged.push(line),
  });
  port = Number(new URL(gateway.url).port);
});

afterAll(async () => gateway?.stop());

/** Sends `bytes` on a fresh connection and reads until the gateway closes it (or `waitMs` passes). */
function raw(bytes: string | Buffer, waitMs = 3000): Promise<{ status: number; body: string; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
    });
    socket.on("error", reject);
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on("close", () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf("\r\n\r\n") + 4), text });
    });
  });
}

const get = (target: string, headers = "") =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n${headers}Connection: close\r\n\r\n`;

async function stillServes() {
  const response = await fetch(`${gateway.url}/rides/r1`, { headers: { authorization: token } });
  expect(response.status).toBe(200);
}

describe("the gateway under malformed requests", () => {
  it("answers an absolute-form target with an impossible port 400, and keeps serving", async () => {
    const answer = await raw(get("http://127.0.0.1:99999/rides/r1"));
    expect([answer.status, JSON.parse(answer.body)]).toEqual([400, { message: "Bad Request" }]);
    await stillServes();
  });

  it("routes a well-formed absolute-form target by its path, and never reads //host as a host", async () => {
    const absolute = await raw(get("http://127.0.0.1:1/rides/r1?limit=5"));
    expect([absolute.status, JSON.parse(absolute.body)]).toEqual([
      200,
      { path: { rideId: "r1" }, query: { limit: "5" } },
    ]);
    const doubled = await raw(get("//evil.example/rides/r1"));
    expect([doubled.status, JSON.parse(doubled.body)]).toEqual([404, { message: "Not Found" }]);
    const asterisk = await raw("OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(asterisk.status).toBe(400);
  });

  it("passes malformed percent-escapes on as sent (the handler decides)", async () => {
    const answer = await raw(get("/rides/%E0%A4%A?limit=%ZZ&x=%"));
    expect([answer.status, JSON.parse(answer.body)]).toEqual([
      200,
      { path: { rideId: "%E0%A4%A" }, query: { limit: "%ZZ", x: "%" } },
    ]);
  });

  it("answers garbage bytes, an unknown method and a bad header line 400 in API Gateway's shape", async () => {
    for (const bytes of [
      Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10]),
      "FOO /rides/r1 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /rides/r1 HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
      "GET /rides/r1 HTTP/9.9\r\n\r\n",
      "GET /rides/r1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ]) {
      const answer = await raw(bytes);
      expect([String(bytes).slice(0, 30), answer.status, JSON.parse(answer.body)]).toEqual([
        String(bytes).slice(0, 30),
        400,
        { message: "Bad Request" },
      ]);
    }
    await stillServes();
  });

  it("answers headers over API Gateway's 10240 bytes 431, below and above node's own 16 KB limit", async () => {
    for (const size of [11_000, 20_000]) {
      const answer = await raw(get("/rides/r1", `X-Padding: ${"p".repeat(size)}\r\n`));
      expect([size, answer.status, JSON.parse(answer.body)]).toEqual([
        size,
        431,
        { message: "Request Header Fields Too Large" },
      ]);
    }
    expect((await raw(get("/rides/r1", `X-Padding: ${"p".repeat(8000)}\r\n`))).status).toBe(200);
  });

  it("answers a body that never ends 408 once the request timeout passes, and keeps serving", async () => {
    const started = Date.now();
    const answer = await raw(
      `POST /rides/r1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`,
    );
    expect([answer.status, JSON.parse(answer.body)]).toEqual([408, { message: "Request Timeout" }]);
    expect(Date.now() - started).toBeLessThan(2500);
    await stillServes();
  });

  it("turns a handler's header that HTTP cannot carry into 500, not a crash", async () => {
    const response = await fetch(`${gateway.url}/bad-header`, { headers: { authorization: token } });
    expect([response.status, await response.json()]).toEqual([500, { message: "Internal Server Error" }]);
    await stillServes();
  });

  it("still serves many ordinary requests after all of the above", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${gateway.url}/rides/r1`, { headers: { authorization: token } })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
  });
});

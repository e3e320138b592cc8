/**
 * What riders and strangers meet at the edge of the real stack: one rider can never see or touch another's rides
 * (not even with a forged history cursor), the site is served with its security headers, and each route is
 * throttled with the route table's numbers.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { securityHeaders } from "@wildrydes/core/site/security-headers";
import { Keys } from "@wildrydes/core/store/keys";
import { Cursor } from "@wildrydes/core/store/ride-item";
import { throttle } from "@wildrydes/functions/catalogue/routes";
import { latestBuild } from "@wildrydes/local/site/web-build";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { newRiders, type Rider } from "@wildrydes/testing/rider-accounts";
import { apiClient, type Call, nearby } from "@wildrydes/testing/rider-api";
import { seattle } from "@wildrydes/testing/seattle-points";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const fixture = mkdtempSync(path.join(os.tmpdir(), "wr-edge-site-"));
// A real build (from `npm start`) when one exists, else a tiny site: this test never builds the web app.
const siteRoot = latestBuild() ?? fixture;
// A stack of its own: the throttle's clock is frozen and the site is served.
let stack: Stack;
let api: Call;
let a: Rider;
let b: Rider;
const ridesOfA: string[] = [];
let quoteOfA: string;
const trip = { pickup: seattle, dropoff: nearby(seattle) };

beforeAll(async () => {
  mkdirSync(path.join(fixture, "_next"), { recursive: true });
  writeFileSync(path.join(fixture, "index.html"), '<h1>Wild Rydes</h1><script src="/_next/app.js"></script>');
  writeFileSync(path.join(fixture, "_next", "app.js"), "console.log('unicorns')");
  // The throttle's clock stands still, so the burst test sees exactly the bucket's size however slow the machine.
  const frozen = Date.now();
  stack = await startStack({ web: { root: siteRoot }, throttleClock: () => frozen });
  api = apiClient(stack.endpoints);
  [a, b] = (await newRiders(stack.endpoints, 2)) as [Rider, Rider];
  // Rider A has history: three ended rides and one on its way, and a quote of its own.
  for (let i = 0; i < 4; i++) {
    const ride = await api("POST", "/rides", { token: a.accessToken, body: trip });
    expect(ride.status).toBe(201);
    ridesOfA.push(ride.body.rideId);
    if (i < 3) await api("POST", `/rides/${ride.body.rideId}/cancel`, { token: a.accessToken });
  }
  quoteOfA = (await api("POST", "/quotes", { token: a.accessToken, body: trip })).body.quoteId;
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(fixture, { recursive: true, force: true });
});

describe("rider isolation", () => {
  it("answers 404 NOT_FOUND to rider B on every route of rider A's ride, with access and id tokens", async () => {
    const active = ridesOfA[3] as string;
    for (const token of [b.accessToken, b.idToken]) {
      for (const [method, url, body] of [
        ["GET", `/rides/${active}`, undefined],
        ["POST", `/rides/${active}/board`, undefined],
        ["POST", `/rides/${active}/cancel`, undefined],
        ["POST", `/rides/${active}/rating`, { rating: 1 }],
        ["GET", `/rides/${ridesOfA[0]}`, undefined],
      ] as const) {
        const answer = await api(method, url, { token, body });
        expect([url, answer.status, answer.body.error.code]).toEqual([url, 404, "NOT_FOUND"]);
        expect(answer.body.error.message).toBe("There is no such ride."); // the same words as a ride that never was
      }
    }
    const own = await api("GET", `/rides/${active}`, { token: a.accessToken });
    expect([own.status, own.body.status]).toEqual([200, "EN_ROUTE"]); // B's attempts changed nothing
  });

  it("never lists another rider's rides", async () => {
    const empty = await api("GET", "/rides", { token: b.accessToken });
    expect(empty.body).toEqual({ rides: [], nextCursor: null });
    const ride = await api("POST", "/rides", { token: b.accessToken, body: trip });
    const listed = await api("GET", "/rides?limit=50", { token: b.idToken });
    expect(listed.body.rides.map((r: { rideId: string }) => r.rideId)).toEqual([ride.body.rideId]);
    await api("POST", `/rides/${ride.body.rideId}/cancel`, { token: b.accessToken });
  });

  it("keeps a forged cursor inside the caller's own partition", async () => {
    const seen = new Set<string>();
    const forged = [
      ...ridesOfA.map((id) => Cursor.encode(id)),
      Buffer.from(JSON.stringify({ after: ridesOfA[3], ...Keys.ride("someone", ridesOfA[3] as string) })).toString(
        "base64url",
      ),
      Cursor.encode("ZZZZZZZZZZZZZZZZZZZZZZZZZZ"), // after everything: the whole of the caller's history
    ];
    for (const cursor of forged) {
      const page = await api("GET", `/rides?limit=50&cursor=${cursor}`, { token: b.accessToken });
      expect(page.status).toBe(200);
      for (const ride of page.body.rides as { rideId: string }[]) seen.add(ride.rideId);
    }
    expect(seen.size).toBeGreaterThan(0); // the forged cursors did page through B's own rides
    expect(ridesOfA.filter((id) => seen.has(id))).toEqual([]);

    const rawKey = Buffer.from(JSON.stringify(Keys.ride("x", ridesOfA[0] as string))).toString("base64");
    for (const cursor of [
      rawKey,
      Buffer.from('{"after":42}').toString("base64url"),
      Cursor.encode(`${ridesOfA[0]}#RIDER`),
    ]) {
      const refused = await api("GET", `/rides?cursor=${encodeURIComponent(cursor)}`, { token: b.accessToken });
      expect([refused.status, refused.body.error.code]).toEqual([400, "VALIDATION_ERROR"]);
    }
  });

  it("never lets rider B ride on rider A's quote, nor see A's ride as current", async () => {
    const quoted = await api("POST", "/rides", { token: b.accessToken, body: { quoteId: quoteOfA } });
    expect([quoted.status, quoted.body.error.code]).toEqual([404, "NOT_FOUND"]);
    expect(quoted.body.error.message).toBe("There is no such quote."); // as for a quote that never was
    const current = await api("GET", "/rides/current", { token: b.accessToken });
    expect([current.status, current.body.error.code]).toEqual([404, "NOT_FOUND"]);
    // A's active ride does not block B, and B's request did not touch A's.
    const ride = await api("POST", "/rides", { token: b.accessToken, body: trip });
    expect(ride.status).toBe(201);
    await api("POST", `/rides/${ride.body.rideId}/cancel`, { token: b.accessToken });
    expect((await api("GET", "/rides/current", { token: a.accessToken })).body.rideId).toBe(ridesOfA[3]);
  });
});

describe("site headers from the local static server", () => {
  // The site routes /api and /cognito itself, so the browser may connect to its own origin only.
  const expected = () => securityHeaders();
  const directives = (csp: string) =>
    Object.fromEntries(
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );

  it("sends CSP, HSTS, nosniff and the referrer policy on pages, assets and the 404 page", async () => {
    const web = stack.endpoints.webUrl as string;
    const asset = readdirSync(siteRoot, { recursive: true })
      .map(String)
      .find((f) => f.endsWith(".js")) as string;
    for (const url of ["/", "/no/such/page", `/${asset.split(path.sep).join("/")}`]) {
      const response = await fetch(`${web}${url}`);
      await response.arrayBuffer();
      for (const [name, value] of Object.entries(expected()))
        expect([url, response.headers.get(name)]).toEqual([url, value]);
      const csp = directives(response.headers.get("content-security-policy") ?? "");
      expect(csp["script-src"]).toEqual(["'self'"]);
      expect(csp["frame-ancestors"]).toEqual(["'none'"]);
      expect(csp["object-src"]).toEqual(["'none'"]);
      expect(csp["connect-src"]).toEqual(["'self'"]);
      expect(response.headers.get("strict-transport-security")).toMatch(
        /^max-age=(\d{8,}|[3-9]\d{7}); includeSubDomains/,
      );
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
  });

  it("ships pages whose scripts the CSP allows (no inline code under script-src 'self')", () => {
    const pages = readdirSync(siteRoot, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".html"));
    const inline = pages.flatMap((page) =>
      [...readFileSync(path.join(siteRoot, page), "utf8").matchAll(/<script\b([^>]*)>([^<]*)<\/script>/g)]
        .filter(
          ([, attrs, code]) =>
            !/\bsrc=/.test(attrs ?? "") && !/type="application\/json"/.test(attrs ?? "") && code?.trim(),
        )
        .map(([tag]) => `${page}: ${tag?.slice(0, 80)}`),
    );
    expect(pages.length).toBeGreaterThan(0);
    expect(inline).toEqual([]);
  });
});

describe("throttling with the route table's numbers", () => {
  it("answers 429 Too Many Requests past the burst on one route, before the authorizer runs", async () => {
    const burst = throttle.burstLimit + 40;
    const answers = await Promise.all(
      Array.from({ length: burst }, () =>
        fetch(`${stack.endpoints.apiUrl}/unicorns`).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    const limited = answers.filter((r) => r.status === 429);
    const admitted = answers.filter((r) => r.status !== 429);
    expect(admitted.every((r) => r.status === 401)).toBe(true); // anonymous: admitted ones meet the authorizer
    expect(admitted).toHaveLength(throttle.burstLimit);
    expect(limited).toHaveLength(40);
    expect(limited[0]?.body).toEqual({ message: "Too Many Requests" });
    // Each route has its own bucket: another route is not affected.
    expect((await api("GET", "/rides", { token: a.accessToken })).status).toBe(200);
  });
});

/**
 * The workshop's front end, tried as a new user would: its ride page (e2e/workshop, our re-creation making the same
 * requests) served from another local origin, with a session of a local rider in the Cognito SDK's localStorage,
 * requests a unicorn from the gateway's own URL through `POST /ride`, cross-origin, preflight and all.
 */
import { readFile } from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import type { Endpoints } from "@wildrydes/local/stack";
import { booked } from "@wildrydes/testing/rider-api";
import { claimsOf } from "@wildrydes/testing/tokens";
import { expect, test } from "../fixtures";

const workshopFolder = fileURLToPath(new URL("../workshop/", import.meta.url));
const sdkBundle = createRequire(import.meta.url).resolve(
  "amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js",
);

/** The workshop's config.js, filled in as a developer would from .local/endpoints.json. */
function configJs(endpoints: Endpoints): string {
  const { userPoolId, userPoolClientId, region, apiUrl } = endpoints;
  return `window._config = ${JSON.stringify({ cognito: { userPoolId, userPoolClientId, region }, api: { invokeUrl: apiUrl } })};\n`;
}

/** Starts a node:http server on a free port of 127.0.0.1; `stop` closes it and its connections. */
async function listen(handler: http.RequestListener, configure?: (server: http.Server) => void) {
  const server = http.createServer(handler);
  configure?.(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
  return { url: `http://127.0.0.1:${port}`, stop };
}

interface Preflight {
  url: string;
  sent: Record<string, string>;
  status?: number;
  answer?: Record<string, string>;
}

const lowerCased = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/** The page's CORS preflights as the network saw them: Playwright's request events leave them out, DevTools not. */
async function watchPreflights(page: Page): Promise<() => Preflight[]> {
  const preflights = new Map<string, Preflight>();
  const cdp = await page.context().newCDPSession(page);
  cdp.on("Network.requestWillBeSent", ({ requestId, request, initiator }) => {
    if (initiator.type === "preflight")
      preflights.set(requestId, { url: request.url, sent: lowerCased(request.headers) });
  });
  cdp.on("Network.responseReceived", ({ requestId, response }) => {
    const preflight = preflights.get(requestId);
    if (preflight) Object.assign(preflight, { status: response.status, answer: lowerCased(response.headers) });
  });
  await cdp.send("Network.enable");
  return () => [...preflights.values()];
}

interface Workshop {
  /** The workshop page's origin: 127.0.0.1 on a port of its own, neither the site's nor the API's. */
  origin: string;
  /** A page guarded by a refusing proxy rather than page.route, so its preflights reach the gateway. */
  page: Page;
}

const workshopTest = test.extend<{ workshop: Workshop }>({
  workshop: async ({ browser, endpoints }, use) => {
    // The four files the page loads, and nothing else: the SDK bundle straight from node_modules.
    const files: Record<string, () => Promise<[string, string | Buffer]>> = {
      "/ride.html": async () => ["text/html", await readFile(`${workshopFolder}ride.html`)],
      "/ride.js": async () => ["text/javascript", await readFile(`${workshopFolder}ride.js`)],
      "/config.js": async () => ["text/javascript", configJs(endpoints)],
      "/vendor/amazon-cognito-identity.min.js": async () => ["text/javascript", await readFile(sdkBundle)],
    };
    const site = await listen(async (request, response) => {
      const file = files[new URL(request.url ?? "/", "http://127.0.0.1").pathname];
      if (!file) return void response.writeHead(404).end();
      const [type, body] = await file();
      response.writeHead(200, { "content-type": `${type}; charset=utf-8` }).end(body);
    });
    // fixtures.ts guards `page` with page.route, and while a route is on Playwright answers CORS preflights itself:
    // so this page gets the same guard as a proxy for every host but this machine's, which refuses and records.
    const escaped: string[] = [];
    const refuse = (url: string | undefined) => escaped.push(url ?? "");
    const proxy = await listen(
      (request, response) => {
        refuse(request.url);
        response.writeHead(403).end();
      },
      (server) =>
        server.on("connect", (request, socket) => {
          refuse(request.url);
          socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
        }),
    );
    const context = await browser.newContext({ proxy: { server: proxy.url, bypass: "127.0.0.1,localhost" } });
    try {
      await use({ origin: site.url, page: await context.newPage() });
      expect(escaped, "requests that tried to leave 127.0.0.1").toEqual([]);
    } finally {
      await context.close();
      await Promise.all([site.stop(), proxy.stop()]);
    }
  },
});

workshopTest(
  "the workshop's ride page, on another origin with a local rider's session, gets a unicorn through POST /ride",
  async ({ workshop: { origin, page }, account, endpoints }) => {
    const { idToken, accessToken, refreshToken } = account.tokens;
    const preflights = await watchPreflights(page);

    await page.goto(`${origin}/ride.html`);
    await expect(page.getByText("Not signed in")).toBeVisible();

    // A session of the rider where the Cognito SDK keeps it; getSession() then returns it without a network call.
    const username = String(claimsOf(idToken)["cognito:username"]);
    await page.evaluate(
      ({ prefix, username, tokens }) => {
        localStorage.setItem(`${prefix}.LastAuthUser`, username);
        for (const [key, value] of Object.entries(tokens)) localStorage.setItem(`${prefix}.${username}.${key}`, value);
      },
      {
        prefix: `CognitoIdentityServiceProvider.${endpoints.userPoolClientId}`,
        username,
        tokens: { idToken, accessToken, refreshToken, clockDrift: "0" },
      },
    );
    await page.reload();
    await expect(page.getByText("You are authenticated.")).toBeVisible();

    const posted = page.waitForRequest((r) => r.url() === `${endpoints.apiUrl}/ride` && r.method() === "POST");
    await page.getByRole("button", { name: "Request Unicorn" }).click();
    const post = await posted;
    // null when the browser refused it, as it does when CORS does not allow the page's origin.
    const response = await post.response();
    if (!response) throw new Error(`POST /ride failed in the browser: ${post.failure()?.errorText}`);

    // The workshop's request, as it makes it: the bare id token, JSON, from the page's own origin.
    const sent = await post.allHeaders();
    expect(sent.authorization).toBe(idToken);
    expect(sent.origin).toBe(origin);
    expect(post.postDataJSON()).toEqual({ PickupLocation: { Latitude: 47.6097, Longitude: -122.3422 } });
    expect(response.status()).toBe(201);
    expect(await response.headerValue("access-control-allow-origin")).toBe("*");

    // Its preflight came first, and the gateway itself answered it without a token, allowing what the POST sends.
    await expect.poll(() => preflights().map((p) => [p.url, p.status])).toEqual([[`${endpoints.apiUrl}/ride`, 204]]);
    const [{ sent: asked, answer: allowed = {} }] = preflights() as [Preflight];
    expect(asked).toMatchObject({
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,content-type",
    });
    expect(asked.authorization).toBeUndefined();
    expect(allowed["access-control-allow-origin"]).toBe("*");
    expect(allowed["access-control-allow-headers"]?.split(",")).toEqual(
      expect.arrayContaining(["authorization", "content-type"]),
    );
    expect(allowed["apigw-requestid"], "answered by the gateway").toBeDefined();

    // The ride exists for the rider, and the page names its unicorn with the right pronoun.
    const { RideId } = (await response.json()) as { RideId: string };
    const ride = (await account.api.rides()).find((r) => r.rideId === RideId);
    if (!ride) throw new Error(`ride ${RideId} is not among the rider's rides`);
    const { name, color, gender } = booked(ride, "GET /rides").unicorn;
    await expect(
      page.getByText(`${name}, your ${color} unicorn, is on ${gender === "Male" ? "his" : "her"} way.`, {
        exact: true,
      }),
    ).toBeVisible();
  },
);

/**
 * The live events stand-in (AppSync Events' protocol) end to end: the WebSocket messages, every refusal (at the
 * connection, at a subscription, a client's publish, an unsigned HTTP publish), riders' isolation, and its wiring into
 * the local stack: the site's `/event` route, `Resource.Live`, a restart clients come back from, and Amplify's own
 * client (`events.connect`), the one the web app uses.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Channels } from "@wildrydes/core/rules/channels";
import { localIssuer, localPool } from "@wildrydes/local/cognito/cognito-local";
import { createJwtAuthorizer } from "@wildrydes/local/gateway/jwt-authorizer";
import { channelMatches, checkChannel } from "@wildrydes/local/live/channel-paths";
import { type LiveEvents, startLiveEvents } from "@wildrydes/local/live/events-server";
import { localCredentials } from "@wildrydes/local/plumbing/handler-environment";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { closeAll, LiveClient, publishBody, signedPublish } from "@wildrydes/testing/live-client";
import { newRiders, type Rider } from "@wildrydes/testing/rider-accounts";
import { brokenSignature, claimsOf, poolJwks, signAsPool, signAsStranger, tampered } from "@wildrydes/testing/tokens";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const site = mkdtempSync(path.join(os.tmpdir(), "wr-live-site-"));
// A stack of its own: it is restarted, and its site serves the WebSocket route.
let stack: Stack;
// A stand-in of its own beside it, with keep-alives every 100 ms so they can be watched.
let live: LiveEvents;
let a: Rider;
let b: Rider;
const clients: LiveClient[] = [];

beforeAll(async () => {
  writeFileSync(path.join(site, "index.html"), "<h1>Wild Rydes</h1>");
  stack = await startStack({ web: { root: site }, seed: false, streams: false });
  [a, b] = (await newRiders(stack.endpoints, 2, "live")) as [Rider, Rider];
  live = await startLiveEvents({
    port: 0,
    // The stack's authorizer, with the pool's keys given rather than fetched.
    authorize: createJwtAuthorizer({ issuer: localIssuer, audiences: [localPool.webClientId], jwks: poolJwks }),
    region: localPool.region,
    credentials: localCredentials,
    keepAliveMs: 100,
  });
});

// Each test's connections end with it, so the next test's deliveries are its own.
afterEach(() => closeAll(clients));

afterAll(async () => {
  await live?.stop();
  await stack?.stop();
  rmSync(site, { recursive: true, force: true });
});

/** A connection as `token`'s user, acknowledged; closed after the file. */
async function connect(token: string, url = live.realtimeUrl): Promise<LiveClient> {
  const client = await LiveClient.connect(url, token);
  clients.push(client);
  return client;
}

async function open(o: Parameters<typeof LiveClient.open>[1], url = live.realtimeUrl): Promise<LiveClient> {
  const client = await LiveClient.open(url, o);
  clients.push(client);
  return client;
}

const unauthorized = expect.objectContaining({ errorType: "UnauthorizedException", message: expect.any(String) });
const later = Math.floor(Date.now() / 1000) - 7200;
const otherIssuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SomeoneElse";

describe("the live events' WebSocket protocol", () => {
  it("acknowledges connection_init with AppSync's timeout, sends keep-alives, and selects only the event protocol", async () => {
    const client = await connect(a.accessToken);
    expect(client.protocol).toBe("aws-appsync-event-ws");
    expect(client.messages[0]).toEqual({ type: "connection_ack", connectionTimeoutMs: 300_000 });
    await client.next("ka");
    await client.next("ka"); // and again, on the interval
  });

  it("delivers a published event to its rider's subscription as data, until unsubscribed", async () => {
    const client = await connect(a.accessToken);
    const id = randomUUID();
    expect(await client.subscribe(id, Channels.rider(a.sub), a.accessToken)).toEqual({ type: "subscribe_success", id });

    const ride = { type: "ride", ride: { rideId: "01JTEST", status: "EN_ROUTE" } };
    const answer = await signedPublish(live.httpUrl, publishBody(Channels.rider(a.sub), [ride]));
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { successful: { identifier: string; index: number }[]; failed: unknown[] };
    expect(body).toEqual({ failed: [], successful: [{ identifier: expect.any(String), index: 0 }] });
    const data = await client.next("data");
    expect(data).toEqual({ type: "data", id, event: JSON.stringify(ride) });

    client.send({ type: "unsubscribe", id });
    expect(await client.next("unsubscribe_success")).toEqual({ type: "unsubscribe_success", id });
    expect(live.publish(Channels.rider(a.sub), [ride])).toBe(0); // nobody listens any more
  });

  it("lets any signed-in rider follow the fleet, with a token other than the connection's", async () => {
    const client = await connect(a.accessToken);
    const id = randomUUID();
    expect((await client.subscribe(id, Channels.fleet, b.idToken)).type).toBe("subscribe_success");
    live.publish(Channels.fleet, [{ type: "unicorn", unicorn: { unicornId: "aurora" } }]);
    expect(JSON.parse((await client.next("data")).event ?? "")).toEqual({
      type: "unicorn",
      unicorn: { unicornId: "aurora" },
    });
  });

  it("sends a rider's events to that rider only, once", async () => {
    const [ofA, ofB] = [await connect(a.accessToken), await connect(b.accessToken)];
    const [ownA, fleetA, ownB, fleetB] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await ofA.subscribe(ownA, Channels.rider(a.sub), a.accessToken);
    await ofA.subscribe(fleetA, Channels.fleet, a.accessToken);
    await ofB.subscribe(ownB, Channels.rider(b.sub), b.accessToken);
    await ofB.subscribe(fleetB, Channels.fleet, b.accessToken);

    await signedPublish(live.httpUrl, publishBody(Channels.rider(a.sub), [{ type: "ride", n: 1 }]));
    // A sentinel on the fleet after it: each socket is ordered, so once it is in, A's event came or never will.
    await signedPublish(live.httpUrl, publishBody(Channels.fleet, [{ sentinel: true }]));
    await ofA.next((m) => m.id === fleetA);
    await ofB.next((m) => m.id === fleetB);
    expect(ofA.events(ownA)).toEqual([{ type: "ride", n: 1 }]);
    expect(ofB.messages.filter((m) => m.type === "data").map((m) => m.id)).toEqual([fleetB]);
  });

  it("answers nonsense with an error message and keeps the connection", async () => {
    const client = await connect(a.accessToken);
    client.send("{not json");
    expect((await client.next("error")).errors?.[0]?.errorType).toBe("BadRequestException");
    client.send(Buffer.from([1, 2, 3]));
    await client.next("error");
    client.send({ type: "bogus", id: "x1" });
    expect(await client.next("error")).toMatchObject({ id: "x1", errors: [{ errorType: "UnsupportedOperation" }] });
    client.send({ type: "subscribe", channel: Channels.fleet });
    await client.next("error"); // no id
    client.send({ type: "unsubscribe", id: "never-subscribed" });
    expect((await client.next("unsubscribe_error")).id).toBe("never-subscribed");
    client.send({ type: "connection_init" });
    await client.next("connection_ack"); // still serving
  });
});

describe("what the live events refuse", () => {
  const connectionRefusals: [string, () => Promise<string | undefined>][] = [
    ["no token", async () => undefined],
    ["a forged token (its signature broken)", async () => brokenSignature(a.accessToken)],
    ["a token whose sub was edited", async () => tampered(a.accessToken, { sub: b.sub })],
    ["a token signed by a stranger's key", async () => signAsStranger(claimsOf(a.accessToken))],
    ["a token of another pool", async () => signAsPool({ ...claimsOf(a.accessToken), iss: otherIssuer })],
    ["an expired token", async () => signAsPool({ ...claimsOf(a.accessToken), iat: later, exp: later + 3600 })],
  ];

  it.each(connectionRefusals)("a connection with %s: connection_error, then closed", async (_, token) => {
    const client = await open({ token: await token() });
    client.send({ type: "connection_init" });
    expect(await client.next("connection_error")).toEqual({ type: "connection_error", errors: [unauthorized] });
    expect((await client.closed).code).toBe(1008);
    expect(client.messages.map((m) => m.type)).toEqual(["connection_error"]);
  });

  it("an upgrade without the event subprotocol, or on another path: the handshake fails", async () => {
    await expect(LiveClient.open(live.realtimeUrl, { protocols: ["graphql-ws"] })).rejects.toThrow(/400/);
    await expect(
      LiveClient.open(live.realtimeUrl.replace("/realtime", "/other"), { token: a.accessToken }),
    ).rejects.toThrow(/404/);
  });

  it.each([
    ["another rider's channel", () => Channels.rider(b.sub), async () => a.accessToken],
    ["every rider's channel (a wildcard)", () => "/riders/*", async () => a.accessToken],
    ["a unicorn's channel (no account is linked yet)", () => Channels.unicorn("aurora"), async () => a.accessToken],
    ["its own channel with a forged token", () => Channels.rider(a.sub), async () => brokenSignature(a.accessToken)],
    [
      "its own channel with an expired token",
      () => Channels.rider(a.sub),
      async () => signAsPool({ ...claimsOf(a.accessToken), iat: later, exp: later + 3600 }),
    ],
    ["its own channel with no token", () => Channels.rider(a.sub), async () => ""],
  ])("a subscription to %s: subscribe_error", async (_, channel, token) => {
    const client = await connect(a.accessToken);
    const id = randomUUID();
    expect(await client.subscribe(id, channel(), await token())).toEqual({
      type: "subscribe_error",
      id,
      errors: [unauthorized],
    });
    // Nothing published there reaches it.
    live.publish(Channels.rider(b.sub), [{ secret: true }]);
    live.publish(Channels.rider(a.sub), [{ secret: true }]);
    await sleep(50);
    expect(client.messages.filter((m) => m.type === "data")).toEqual([]);
  });

  it.each([
    ["no leading slash", "riders/x"],
    ["a space", "/riders/a b"],
    ["six segments", "/riders/a/b/c/d/e"],
    ["a namespace the API lacks", "/drivers/x"],
    ["a wildcard mid-path", "/riders/*/x"],
  ])("a subscription to a channel with %s: subscribe_error", async (_, channel) => {
    const client = await connect(a.accessToken);
    const answer = await client.subscribe("c1", channel, a.accessToken);
    expect(answer).toMatchObject({ type: "subscribe_error", id: "c1", errors: [{ errorType: "BadRequestException" }] });
  });

  it("a client's publish: publish_error, for only the server publishes", async () => {
    const client = await connect(a.accessToken);
    const id = randomUUID();
    await client.subscribe(id, Channels.rider(a.sub), a.accessToken);
    client.send({
      type: "publish",
      id: "p1",
      channel: Channels.rider(a.sub),
      events: [JSON.stringify({ type: "ride", forged: true })],
      authorization: { Authorization: a.accessToken, host: "127.0.0.1" },
    });
    expect(await client.next("publish_error")).toEqual({
      type: "publish_error",
      id: "p1",
      errors: [
        { errorType: "UnauthorizedException", message: "Clients cannot publish: only the server publishes (IAM)." },
      ],
    });
    expect(client.events(id)).toEqual([]);
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(live.httpUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const body = publishBody(Channels.fleet, [{ type: "unicorn" }]);

  it.each([
    ["unsigned", () => post(body), 401],
    [
      "with a rider's token instead of a signature",
      () => post(body, { authorization: `Bearer ${a.accessToken}` }),
      401,
    ],
    [
      "signed with another secret",
      () => signedPublish(live.httpUrl, body, { credentials: { accessKeyId: "local", secretAccessKey: "guess" } }),
      403,
    ],
    [
      "signed with another access key",
      () =>
        signedPublish(live.httpUrl, body, { credentials: { accessKeyId: "AKIDSTRANGER", secretAccessKey: "local" } }),
      403,
    ],
    ["signed for another region", () => signedPublish(live.httpUrl, body, { region: "eu-west-1" }), 403],
    [
      "signed, then its body changed",
      () => signedPublish(live.httpUrl, body, { send: publishBody(Channels.rider(a.sub), [{ forged: true }]) }),
      403,
    ],
  ])("an HTTP publish %s: refused like AppSync", async (_, send, status) => {
    const client = await connect(a.accessToken);
    await client.subscribe("f", Channels.fleet, a.accessToken);
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(await answer.json()).toEqual({ errors: [unauthorized] });
    await sleep(50);
    expect(client.events("f")).toEqual([]);
  });

  it("an HTTP publish that AppSync would not take: 400, or the events listed as failed", async () => {
    const six = publishBody(Channels.fleet, [1, 2, 3, 4, 5, 6]);
    expect((await signedPublish(live.httpUrl, six)).status).toBe(400);
    const notJson = JSON.stringify({ channel: Channels.fleet, events: ["{not json"] });
    expect((await signedPublish(live.httpUrl, notJson)).status).toBe(400);
    expect((await signedPublish(live.httpUrl, publishBody("/fleet/*", [1]))).status).toBe(400);
    const unknown = await signedPublish(live.httpUrl, publishBody("/drivers/x", [1, 2]));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toMatchObject({ successful: [], failed: [{ index: 0 }, { index: 1 }] });
    expect((await fetch(live.httpUrl)).status).toBe(405);
    expect((await signedPublish(live.httpUrl.replace("/event", "/other"), body)).status).toBe(404);
    // AppSync's own example leaves the leading slash out.
    expect((await signedPublish(live.httpUrl, publishBody("fleet/seattle", [1]))).status).toBe(200);
  });
});

describe("channel paths (AppSync's syntax)", () => {
  it("takes AppSync's paths and matches a trailing wildcard only below its prefix", () => {
    expect(checkChannel("/riders/0a1b-2c", { wildcard: false }).ok).toBe(true);
    expect(checkChannel("/riders/*", { wildcard: false }).ok).toBe(false);
    expect(checkChannel("/riders/*", { wildcard: true }).ok).toBe(true);
    expect(checkChannel("/*", { wildcard: true }).ok).toBe(false);
    expect(checkChannel(`/riders/${"x".repeat(51)}`, { wildcard: false }).ok).toBe(false);
    expect(channelMatches("/riders/*", "/riders/abc")).toBe(true);
    expect(channelMatches("/riders/*", "/riders/abc/def")).toBe(true);
    expect(channelMatches("/riders/*", "/riders")).toBe(false);
    expect(channelMatches("/riders/*", "/ridersx/abc")).toBe(false);
    expect(channelMatches("/riders/abc", "/riders/abcd")).toBe(false);
  });
});

describe("the live events in the local stack", () => {
  it("are listed in the endpoints and linked to the handlers as Resource.Live", () => {
    const { events, webUrl } = stack.endpoints;
    const port = new URL(events.httpUrl).port;
    expect(events).toEqual({
      httpUrl: `http://127.0.0.1:${port}/event`,
      realtimeUrl: `ws://127.0.0.1:${port}/event/realtime`,
    });
    expect(port).not.toBe(new URL(webUrl ?? "").port);
    expect(JSON.parse(process.env.SST_RESOURCE_Live ?? "{}")).toEqual({ ...events, type: "sst.sst.Linkable" });
  });

  it("take the WebSocket through the site's /event route, and a signed publish to their own URL", async () => {
    const viaSite = `${stack.endpoints.webUrl?.replace("http:", "ws:")}/event/realtime`;
    const client = await connect(a.accessToken, viaSite);
    expect((await client.subscribe("mine", Channels.rider(a.sub), a.accessToken)).type).toBe("subscribe_success");
    const answer = await signedPublish(stack.endpoints.events.httpUrl, publishBody(Channels.rider(a.sub), [{ n: 7 }]));
    expect(answer.status).toBe(200);
    await client.next("data");
    expect(client.events("mine")).toEqual([{ n: 7 }]);

    const refused = await open({ token: brokenSignature(a.accessToken) }, viaSite);
    refused.send({ type: "connection_init" });
    expect((await refused.next("connection_error")).errors).toEqual([unauthorized]);
    expect((await fetch(`${stack.endpoints.webUrl}/event`)).status).toBe(405); // the stand-in's own answer
    // A handshake the stand-in refuses is refused through the site too; the site upgrades nothing else.
    await expect(LiveClient.open(viaSite, { protocols: ["graphql-ws"] })).rejects.toThrow(/400/);
    const elsewhere = `${stack.endpoints.webUrl?.replace("http:", "ws:")}/ride/`;
    await expect(LiveClient.open(elsewhere, { token: a.accessToken })).rejects.toThrow(/404/);
  });

  it("restart on the same port: connections drop, and clients that reconnect get events again", async () => {
    const { realtimeUrl } = stack.endpoints.events;
    const before = await connect(a.accessToken, realtimeUrl);
    await before.subscribe("s", Channels.rider(a.sub), a.accessToken);
    expect(stack.live.connections()).toBeGreaterThanOrEqual(1);

    await stack.live.restart();
    await before.closed;
    const after = await connect(a.accessToken, realtimeUrl);
    await after.subscribe("s", Channels.rider(a.sub), a.accessToken);
    expect(stack.live.connections()).toBe(1);
    expect(stack.live.publish(Channels.rider(a.sub), [{ after: true }])).toBe(1);
    await after.next("data");
    expect(after.events("s")).toEqual([{ after: true }]);
  });
});

describe("Amplify's own events client (aws-amplify/data) against the stand-in", () => {
  const nativeWebSocket = globalThis.WebSocket;
  let token: string;
  let amplify: typeof import("aws-amplify/data");

  beforeAll(async () => {
    // Node 20 has no WebSocket global, and Amplify always dials wss://: give it ws, rewriting to plain ws for loopback.
    const { default: WebSocketClient } = await import("ws");
    class LoopbackWebSocket extends WebSocketClient {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(String(url).replace(/^wss:\/\/(127\.0\.0\.1|localhost)([:/])/, "ws://$1$2"), protocols);
      }
    }
    (globalThis as { WebSocket: unknown }).WebSocket = LoopbackWebSocket;
    const [{ Amplify }, { decodeJWT }] = await Promise.all([import("aws-amplify"), import("@aws-amplify/core")]);
    token = a.accessToken;
    Amplify.configure(
      {
        Auth: { Cognito: { userPoolId: localPool.userPoolId, userPoolClientId: localPool.webClientId } },
        API: {
          Events: { endpoint: stack.endpoints.events.httpUrl, region: localPool.region, defaultAuthMode: "userPool" },
        },
      },
      // The signed-in rider's tokens, as Amplify Auth would hold them after sign-in.
      { Auth: { tokenProvider: { getTokens: async () => ({ accessToken: decodeJWT(token) }) } } },
    );
    amplify = await import("aws-amplify/data");
  });

  afterAll(async () => {
    await amplify?.events.closeAll().catch(() => {});
    (globalThis as { WebSocket: unknown }).WebSocket = nativeWebSocket;
  });

  it("refuses to connect with a forged token, and Amplify does not retry", async () => {
    token = brokenSignature(a.accessToken);
    await expect(amplify.events.connect(Channels.rider(a.sub))).rejects.toThrow(/UnauthorizedException/);
    token = a.accessToken;
  });

  it("connects, subscribes to the rider's channel, receives what the server publishes, and may not publish", async () => {
    const channel = await amplify.events.connect(Channels.rider(a.sub));
    const received: unknown[] = [];
    const subscription = channel.subscribe({
      next: (data: { event: unknown }) => received.push(data.event),
      error: (error: unknown) => received.push({ error }),
    });
    await subscription.ready;
    const answer = await signedPublish(stack.endpoints.events.httpUrl, publishBody(Channels.rider(a.sub), [{ n: 1 }]));
    expect(answer.status).toBe(200);
    await expect.poll(() => received, { timeout: 5000 }).toEqual([{ n: 1 }]);
    await expect(channel.publish({ forged: true })).rejects.toThrow("Publish errors: UnauthorizedException");

    // A restart drops the socket; Amplify reconnects on its own (about 5 s later) and subscribes again.
    await stack.live.restart();
    await expect
      .poll(
        () => {
          stack.live.publish(Channels.rider(a.sub), [{ n: 2 }]);
          return received.some((event) => (event as { n: number }).n === 2);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    subscription.unsubscribe();
    await channel.close();
  }, 40_000);

  it("gets a subscription to another rider's channel refused", async () => {
    const channel = await amplify.events.connect(Channels.rider(b.sub));
    const errors: unknown[] = [];
    const subscription = channel.subscribe({ next: () => {}, error: (error: unknown) => errors.push(error) });
    await expect(subscription.ready).rejects.toThrow(/UnauthorizedException/);
    expect(errors).toHaveLength(1);
    await channel.close();
  });
});

/**
 * The riders namespace's onSubscribe handler (infra/live.ts deploys Channels.ridersSubscribeHandler()) run in Node,
 * the way AppSync's APPSYNC_JS runtime calls it: `util.unauthorized()` aborts the subscription, returning lets it
 * through. For every channel of the riders namespace and every subscriber it must decide as Channels.maySubscribe
 * does, the rule the local stand-in applies, so the cloud and the local stack let in exactly the same riders.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Channels } from "../../core/src/rules/channels";

class Unauthorized extends Error {}

type OnSubscribe = (ctx: unknown) => unknown;

/** The handler module as a function: its one export, with `util` the only global it may use. */
function compile(code: string): OnSubscribe {
  const exports = [...code.matchAll(/^export\s+function\s+(\w+)/gm)].map((match) => match[1]);
  expect(exports).toEqual(["onSubscribe"]);
  const util = {
    unauthorized(): never {
      throw new Unauthorized();
    },
  };
  const body = code.replace(/^export\s+/gm, "");
  return new Function("util", `"use strict";\n${body}\nreturn onSubscribe;`)(util) as OnSubscribe;
}

/** What AppSync hands onSubscribe for a Cognito subscriber (the fields the Event API documents). */
function context(path: string, sub: string) {
  return {
    identity: {
      sub,
      issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Mock",
      username: sub,
      claims: { sub, token_use: "access", client_id: "web-client" },
      sourceIp: ["203.0.113.7"],
      defaultAuthStrategy: "ALLOW",
      groups: null,
    },
    info: {
      channel: { path, segments: path.split("/").filter((segment) => segment !== "") },
      channelNamespace: { name: "riders" },
      operation: "SUBSCRIBE",
    },
    request: { headers: {}, domainName: null },
    stash: {},
  };
}

/** true: let through; false: util.unauthorized(); anything else the handler throws fails the test. */
function decides(handler: OnSubscribe, path: string, sub: string): boolean {
  try {
    handler(context(path, sub));
    return true;
  } catch (error) {
    if (error instanceof Unauthorized) return false;
    throw error;
  }
}

const subs = ["8c1f2a3e-0b4d-4e5f-9a6b-7c8d9e0f1a2b", "0f8fad5b-d9cb-469f-a165-70867728950e", "a", "A", "*"];

/** Every riders-namespace channel worth asking about for these subscribers: own, others', wildcards, near misses. */
function channels(sub: string): string[] {
  return [
    ...subs.map((other) => Channels.rider(other)),
    "/riders",
    "/riders/",
    "/riders/*",
    "/riders//",
    `/riders/${sub}/`,
    `/riders/${sub}/*`,
    `/riders/${sub}/extra`,
    `/riders/${sub.toUpperCase()}`,
    `/riders/${sub.toLowerCase()}`,
    `/riders/${sub}*`,
    `/riders/${sub} `,
    `/riders//${sub}`,
    `/riders/${sub.slice(0, -1)}`,
    `/Riders/${sub}`,
  ];
}

describe("the riders namespace's onSubscribe handler", () => {
  const handler = compile(Channels.ridersSubscribeHandler());

  const matrix = subs.flatMap((sub) => channels(sub).map((path) => [path, sub] as const));
  it.each(matrix)("decides %s for sub %s as Channels.maySubscribe does", (path, sub) => {
    expect(decides(handler, path, sub)).toBe(Channels.maySubscribe(path, { sub }));
  });

  it("lets a rider subscribe to their own channel only (the matrix holds both answers)", () => {
    const answers = matrix.map(([path, sub]) => decides(handler, path, sub));
    expect(answers).toContain(true);
    expect(answers).toContain(false);
    expect(decides(handler, Channels.rider(subs[0] as string), subs[0] as string)).toBe(true);
    expect(decides(handler, Channels.rider(subs[1] as string), subs[0] as string)).toBe(false);
  });

  it("agrees with Channels.maySubscribe for any subscriber and any riders channel", () => {
    const segment = fc.string({ unit: fc.constantFrom("a", "b", "-", "/", "*", "$", "{", "}", "`", " ") });
    fc.assert(
      fc.property(segment, segment, fc.boolean(), (sub, other, own) => {
        const path = Channels.rider(own ? sub : other);
        expect(decides(handler, path, sub)).toBe(Channels.maySubscribe(path, { sub }));
      }),
      { numRuns: 500 },
    );
  });

  it("would catch a handler that let everyone in, or no one", () => {
    const everyone = compile("export function onSubscribe(ctx) {}\n");
    const noOne = compile("export function onSubscribe(ctx) {\n  util.unauthorized();\n}\n");
    const disagrees = (other: OnSubscribe) =>
      matrix.some(([path, sub]) => decides(other, path, sub) !== Channels.maySubscribe(path, { sub }));
    expect(disagrees(everyone)).toBe(true);
    expect(disagrees(noOne)).toBe(true);
    expect(disagrees(handler)).toBe(false);
  });
});

describe("the fleet namespace's onSubscribe handler", () => {
  const handler = compile(Channels.fleetSubscribeHandler());

  it.each([Channels.fleet, "/fleet/*", "/fleet/portland", "/fleet/seattle/x", "/fleet", "/Fleet/seattle"])(
    "decides %s as Channels.maySubscribe does, for any signed-in user",
    (path) => {
      for (const sub of subs) expect(decides(handler, path, sub)).toBe(Channels.maySubscribe(path, { sub }));
    },
  );

  it("lets anyone signed in follow the fleet's channel, and nothing else in its namespace", () => {
    expect(decides(handler, Channels.fleet, subs[0] as string)).toBe(true);
    expect(decides(handler, "/fleet/*", subs[0] as string)).toBe(false);
  });
});

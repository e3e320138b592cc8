import { describe, expect, it } from "vitest";
import { Channels } from "./channels";

describe("who may subscribe to a live channel", () => {
  const rider = { sub: "8c1f2a3e-rider-a" };

  it("lets a rider hear only their own channel, and anyone signed in the fleet's", () => {
    expect(Channels.maySubscribe("/riders/8c1f2a3e-rider-a", rider)).toBe(true);
    expect(Channels.maySubscribe(Channels.fleet, rider)).toBe(true);
    for (const channel of ["/riders/someone-else", "/riders/*", "/riders", "/riders/8c1f2a3e-rider-a/x", "/*"]) {
      expect(Channels.maySubscribe(channel, rider), channel).toBe(false);
    }
  });

  it("lets a unicorn's account hear only its own unicorn, and a rider no unicorn", () => {
    expect(Channels.maySubscribe("/unicorns/aurora", { ...rider, unicornId: "aurora" })).toBe(true);
    expect(Channels.maySubscribe("/unicorns/nimbus", { ...rider, unicornId: "aurora" })).toBe(false);
    expect(Channels.maySubscribe("/unicorns/aurora", rider)).toBe(false);
  });
});

describe("the unicorns namespace's onSubscribe handler, run as AppSync runs it", () => {
  class Unauthorized extends Error {}
  type Ctx = { identity: { sub: string }; info: { channel: { path: string } }; result: unknown; error: unknown };
  type Handler = {
    request(ctx: Ctx): { operation: string; key: Record<string, { S: string }> };
    response(ctx: Ctx): void;
  };

  // A key shape of the test's own: the handler must use the one it is given (the cloud gives Keys.crewLink).
  const linkKeyOf = (sub: string) => ({ pk: `ACCOUNT#${sub}`, sk: "LINK" });
  const stored = new Map<string, Record<string, unknown>>([
    [JSON.stringify(linkKeyOf("crew-a")), { unicornId: "aurora" }],
    [JSON.stringify(linkKeyOf("crew-broken")), { name: "no unicornId" }],
  ]);
  const util = {
    unauthorized(): never {
      throw new Unauthorized();
    },
  };
  const code = Channels.unicornsSubscribeHandler(linkKeyOf).replace(/^export\s+/gm, "");
  const handler = new Function("util", `"use strict";\n${code}\nreturn onSubscribe;`)(util) as Handler;

  /** The GetItem the handler asks for, answered from `stored`, then its response: true lets the subscriber in. */
  function decides(path: string, sub: string, error: unknown = null): boolean {
    const ctx: Ctx = { identity: { sub }, info: { channel: { path } }, result: null, error: null };
    const request = handler.request(ctx);
    expect(request.operation).toBe("GetItem");
    const key = Object.fromEntries(Object.entries(request.key).map(([name, value]) => [name, value.S]));
    Object.assign(ctx, { result: stored.get(JSON.stringify(key)) ?? null, error });
    try {
      handler.response(ctx);
      return true;
    } catch (thrown) {
      if (thrown instanceof Unauthorized) return false;
      throw thrown;
    }
  }

  it.each([
    ["/unicorns/aurora", "crew-a", true],
    ["/unicorns/nimbus", "crew-a", false],
    ["/unicorns/aurora", "rider-b", false],
    ["/unicorns/*", "crew-a", false],
    ["/unicorns/aurora/x", "crew-a", false],
    ["/unicorns/undefined", "crew-broken", false],
  ] as const)("decides %s for %s as Channels.maySubscribe does (%s)", (path, sub, allowed) => {
    const unicornId = stored.get(JSON.stringify(linkKeyOf(sub)))?.unicornId;
    const who = typeof unicornId === "string" ? { sub, unicornId } : { sub };
    expect(Channels.maySubscribe(path, who)).toBe(allowed);
    expect(decides(path, sub)).toBe(allowed);
  });

  it("refuses when the table cannot be read", () => {
    expect(decides("/unicorns/aurora", "crew-a", { message: "throttled" })).toBe(false);
  });
});

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

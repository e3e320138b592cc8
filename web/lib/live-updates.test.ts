import { sampleRide } from "@wildrydes/core/rules/sample-ride";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Offer, Ride } from "./api-client";
import type { LinkHandlers, LiveLink } from "./live-channel";
import { supersedes } from "./ride-progress";

const ride = sampleRide;

describe("which pushed copy of a ride wins", () => {
  const boarded = ride({ status: "IN_PROGRESS", boardedAt: "2030-01-01T10:02:00.000Z" });
  const completed = ride({ ...boarded, status: "COMPLETED", completedAt: "2030-01-01T10:03:00.000Z" });
  const rated = ride({ ...completed, rating: 4 });

  it("takes a copy further along, or at the same step", () => {
    expect(supersedes(boarded, ride())).toBe(true);
    expect(supersedes(ride({ status: "ARRIVED" }), ride())).toBe(true);
    expect(supersedes(completed, boarded)).toBe(true);
    expect(supersedes(rated, completed)).toBe(true);
    expect(supersedes(boarded, boarded)).toBe(true);
    expect(supersedes(ride({ status: "CANCELLED" }), ride({ status: "ARRIVED" }))).toBe(true);
  });

  it("takes the unicorn's acceptance over a ride still finding one, never the other way round", () => {
    const finding = ride({ status: "DISPATCHING", unicorn: null, unicornFrom: null, arrivesAt: null, boardBy: null });
    expect(supersedes(ride(), finding)).toBe(true);
    expect(supersedes(ride({ status: "CANCELLED", unicorn: null }), finding)).toBe(true);
    expect(supersedes(finding, ride())).toBe(false);
  });

  it("ignores a copy overtaken by a newer answer, and another ride", () => {
    expect(supersedes(ride(), boarded)).toBe(false);
    expect(supersedes(boarded, completed)).toBe(false);
    expect(supersedes(completed, rated)).toBe(false);
    expect(supersedes(ride({ status: "ARRIVED" }), ride({ status: "CANCELLED" }))).toBe(false);
    expect(supersedes(boarded, ride({ rideId: "01JZ0000000000000000000001" }))).toBe(false);
  });
});

describe("live updates", () => {
  let opened: Array<{ handlers: LinkHandlers; link: LiveLink & { closed: boolean }; unicornId?: string }>;
  let failNext: number;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.resetModules();
    opened = [];
    failNext = 0;
    vi.stubEnv("NEXT_PUBLIC_EVENTS_URL", "/event");
    vi.stubGlobal("window", {
      location: { protocol: "http:", hostname: "127.0.0.1", host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" },
      WebSocket: class {},
      setTimeout: (work: () => void, ms: number) => setTimeout(work, ms),
      clearTimeout: (timer: number) => clearTimeout(timer),
      addEventListener: () => {},
      removeEventListener: () => {},
    });
    vi.doMock("./live-channel", () => ({
      openUnicornLink: async (unicornId: string, handlers: LinkHandlers) => {
        const link = { closed: false, close: () => {} };
        opened.push({ handlers, link, unicornId });
        return link;
      },
      openRiderLink: async (handlers: LinkHandlers) => {
        if (failNext > 0) {
          failNext -= 1;
          throw new Error("refused");
        }
        const link = {
          closed: false,
          close() {
            link.closed = true;
          },
        };
        opened.push({ handlers, link });
        return link;
      },
    }));
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    vi.doUnmock("./live-channel");
  });

  async function follow() {
    const { followRider } = await import("./live-updates");
    const states: string[] = [];
    const rides: Ride[] = [];
    let listening = 0;
    const feed = followRider({
      onRide: (r) => rides.push(r),
      onState: (s) => states.push(s),
      onListening: () => {
        listening += 1;
      },
    });
    return { feed, states, rides, listening: () => listening };
  }

  it("waits its turn, listens, passes rides on, and after a drop reconnects with backoff and says so", async () => {
    const { feed, states, rides, listening } = await follow();
    expect(states).toEqual(["connecting"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(["connecting", "live"]);
    expect(listening()).toBe(1);

    const first = opened[0];
    first?.handlers.onRide(ride());
    expect(rides).toHaveLength(1);

    vi.spyOn(Math, "random").mockReturnValue(0);
    failNext = 1;
    first?.handlers.onDrop();
    expect(states.at(-1)).toBe("delayed");
    // A dropped link's rides are not passed on; its channel closes only once the next is open.
    first?.handlers.onRide(ride());
    expect(rides).toHaveLength(1);
    expect(first?.link.closed).toBe(false);

    await vi.advanceTimersByTimeAsync(500); // the first retry (0.5-1 s after the drop) is refused
    expect(opened).toHaveLength(1);
    expect(states.at(-1)).toBe("delayed");
    await vi.advanceTimersByTimeAsync(999); // the second waits longer (1-2 s)
    expect(opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(opened).toHaveLength(2);
    expect(states.slice(-1)).toEqual(["live"]);
    expect(listening()).toBe(2);
    expect(first?.link.closed).toBe(true);

    feed?.stop();
    expect(opened[1]?.link.closed).toBe(true);
  });

  it("follows a unicorn's channel the same way, passing its offers and its jobs on", async () => {
    const { followUnicorn } = await import("./live-updates");
    const offers: string[] = [];
    const rides: Ride[] = [];
    const states: string[] = [];
    const feed = followUnicorn("stardust", {
      onOffer: (offer) => offers.push(offer.status),
      onRide: (r) => rides.push(r),
      onState: (s) => states.push(s),
      onListening: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(["connecting", "live"]);
    expect(opened[0]?.unicornId).toBe("stardust");
    const offer = { offerId: "01JZ0000000000000000000A01", status: "OPEN" } as Offer;
    opened[0]?.handlers.onOffer?.(offer);
    opened[0]?.handlers.onOffer?.({ ...offer, status: "WITHDRAWN" });
    opened[0]?.handlers.onRide(ride());
    expect(offers).toEqual(["OPEN", "WITHDRAWN"]);
    expect(rides).toHaveLength(1);
    feed?.stop();
  });

  it("is off without an events endpoint", async () => {
    vi.stubEnv("NEXT_PUBLIC_EVENTS_URL", "");
    const { feed, states } = await follow();
    expect(feed).toBeNull();
    expect(states).toEqual([]);
  });

  it("backs off exponentially, with jitter, up to 30 seconds", async () => {
    const { backoffMs } = await import("./live-updates");
    expect([0, 1, 2, 3].map((n) => backoffMs(n, 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([0, 1, 2].map((n) => backoffMs(n, 0))).toEqual([500, 1000, 2000]);
    expect(backoffMs(20, 1)).toBe(30_000);
    expect(backoffMs(20, 0)).toBe(15_000);
  });

  it("dials plain ws:// only for a plain-http page on this machine, and only its own host", async () => {
    const { plainLocalSocketUrl } = await import("./live-updates");
    const local = { protocol: "http:", hostname: "127.0.0.1", host: "127.0.0.1:3000" };
    expect(plainLocalSocketUrl("wss://127.0.0.1:3000/event/realtime", local)).toBe(
      "ws://127.0.0.1:3000/event/realtime",
    );
    expect(plainLocalSocketUrl("wss://127.0.0.1:4000/event/realtime", local)).toBeNull();
    expect(plainLocalSocketUrl("wss://example.com/event/realtime", local)).toBeNull();
    const cloud = { protocol: "https:", hostname: "site.example", host: "site.example" };
    expect(plainLocalSocketUrl("wss://site.example/event/realtime", cloud)).toBeNull();
    const lan = { protocol: "http:", hostname: "192.168.1.5", host: "192.168.1.5:3000" };
    expect(plainLocalSocketUrl("wss://192.168.1.5:3000/event/realtime", lan)).toBeNull();
  });
});

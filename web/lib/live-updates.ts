/**
 * Live updates of the rider's ride: their AppSync Events channel (`/riders/<sub>`), kept open. Every stored change of
 * their ride is pushed there as `GET /rides/{rideId}` would answer it. The unicorn's page follows its unicorn's channel
 * (`/unicorns/<unicornId>`: its offers and jobs) the same way. This module is small and framework-free;
 * Amplify's events client (lib/live-channel.ts) is imported only when the first connection is made (after first
 * paint, once the ride page has a ride to follow), so no page's initial JS carries it. A lost connection is opened
 * again with capped, jittered exponential backoff; lib/use-live-ride.ts reads the ride once each time the channel is
 * listening again, and polls only while it is not.
 */
import type { Offer, Ride } from "./api-client";
import { config } from "./config";
import type { LinkHandlers, LiveLink } from "./live-channel";

/** `off`: no events endpoint in this build (the page polls, as it always has). */
export type LiveState = "off" | "connecting" | "live" | "delayed";

export interface FeedHandlers {
  /** A ride pushed on the channel (any of the rider's rides: the caller decides what it replaces). */
  onRide(ride: Ride): void;
  /** An offer opened or ended (a unicorn's channel only). */
  onOffer?(offer: Offer): void;
  onState(state: Exclude<LiveState, "off">): void;
  /** The channel is listening, the first time and after every reconnect: a change made before now was not pushed. */
  onListening(): void;
}

export interface LiveFeed {
  /** Tries again at once instead of waiting out the backoff (the tab is back in view, the network is back). */
  retryNow(): void;
  stop(): void;
}

const firstBackoffMs = 1000;
const maxBackoffMs = 30_000;

/**
 * The wait before the next attempt after `failures` in a row: 1 s, 2 s, 4 s … at most 30 s, of which a random half
 * is taken off, so the pages a restarted server dropped do not all come back in the same instant.
 */
export function backoffMs(failures: number, random = Math.random()): number {
  const ceiling = Math.min(maxBackoffMs, firstBackoffMs * 2 ** Math.max(0, failures));
  return ceiling / 2 + (ceiling / 2) * random;
}

const localHosts = ["127.0.0.1", "localhost"];

/**
 * The one socket URL the local shim rewrites: Amplify always opens `wss://` (it turns an `http://` endpoint into
 * `wss://…/event/realtime`), which a plain-http local server cannot answer. Only for a page served over plain http
 * from this machine, and only for its own host and port; null everywhere else.
 */
export function plainLocalSocketUrl(url: string, page: { protocol: string; hostname: string; host: string }) {
  if (page.protocol !== "http:" || !localHosts.includes(page.hostname)) return null;
  const secure = `wss://${page.host}/`;
  return url.startsWith(secure) ? `ws://${page.host}/${url.slice(secure.length)}` : null;
}

let socketShimmed = false;

/**
 * LOCAL ONLY. The local stack serves the site, and the AppSync Events stand-in behind its `/event`, over plain http on
 * 127.0.0.1 (no certificate to trust offline), but Amplify's events client always dials `wss://`. So, when the page
 * itself is plain http on this machine, `WebSocket` is wrapped to dial `ws://` for that same host instead; nothing else
 * changes. In the cloud the page is https and Amplify's `wss://` URL is right, so this never installs there.
 */
function allowPlainLocalSocket(): void {
  if (socketShimmed || typeof window === "undefined") return;
  socketShimmed = true;
  const page = window.location;
  if (plainLocalSocketUrl(`wss://${page.host}/`, page) === null) return;
  const Native = window.WebSocket;
  window.WebSocket = class LocalWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(plainLocalSocketUrl(String(url), window.location) ?? url, protocols);
    }
  };
}

/** When the first attempt may start; the callers pass "after first paint, when idle". */
type Start = (go: () => void) => () => void;

const soon: Start = (go) => {
  const timer = window.setTimeout(go, 0);
  return () => window.clearTimeout(timer);
};

/**
 * Follows the signed-in rider's channel until `stop()`; null when this build has no events endpoint. The first attempt
 * waits for `start`.
 */
export function followRider(handlers: FeedHandlers, start: Start = soon): LiveFeed | null {
  return follow(async (link) => (await import("./live-channel")).openRiderLink(link), handlers, start);
}

/** Follows a unicorn's channel (its offers and its jobs) as followRider does the rider's. */
export function followUnicorn(unicornId: string, handlers: FeedHandlers, start: Start = soon): LiveFeed | null {
  return follow(async (link) => (await import("./live-channel")).openUnicornLink(unicornId, link), handlers, start);
}

/** One channel kept open: the attempts, the backoff, and the hand-over from a dropped link to the next. */
function follow(
  open: (handlers: LinkHandlers) => Promise<LiveLink>,
  handlers: FeedHandlers,
  start: Start,
): LiveFeed | null {
  if (!config.eventsUrl) return null;
  let stopped = false;
  let attempting = false;
  let failures = 0;
  let timer: number | undefined;
  let link: LiveLink | null = null;
  // A dropped link's channel is closed once the next is open: closing it earlier lets Amplify shut the shared socket
  // while the next one is being opened.
  let dropped: LiveLink | null = null;

  const retryLater = () => {
    if (stopped) return;
    handlers.onState("delayed");
    window.clearTimeout(timer);
    timer = window.setTimeout(attempt, backoffMs(failures));
    failures += 1;
  };

  async function attempt() {
    timer = undefined;
    if (stopped || attempting || link) return;
    attempting = true;
    try {
      allowPlainLocalSocket();
      const opened: LiveLink = await open({
        onRide: (ride) => {
          if (!stopped && link === opened) handlers.onRide(ride);
        },
        onOffer: (offer) => {
          if (!stopped && link === opened) handlers.onOffer?.(offer);
        },
        onDrop: () => {
          if (stopped || link !== opened) return;
          dropped = opened;
          link = null;
          retryLater();
        },
      });
      if (stopped) {
        opened.close();
        return;
      }
      dropped?.close();
      dropped = null;
      link = opened;
      failures = 0;
      handlers.onState("live");
      handlers.onListening();
    } catch {
      retryLater();
    } finally {
      attempting = false;
    }
  }

  handlers.onState("connecting");
  const cancelStart = start(() => void attempt());
  const retryNow = () => {
    if (stopped || link || attempting || timer === undefined) return;
    window.clearTimeout(timer);
    void attempt();
  };
  window.addEventListener("online", retryNow);
  return {
    retryNow,
    stop() {
      stopped = true;
      cancelStart();
      window.clearTimeout(timer);
      window.removeEventListener("online", retryNow);
      link?.close();
      dropped?.close();
      link = dropped = null;
    },
  };
}

/** The ride page's live channel as a test sees it: the Event API's frames on the wire, and the line that reports it. */
import type { Page } from "@playwright/test";
import type { Offer, Ride } from "@wildrydes/core/rules/api-shapes";

interface LiveMessage {
  type: string;
  id?: string;
  event?: string;
}

export const liveWords = { on: "Live updates on", delayed: "Updates delayed — reconnecting…" } as const;

/** The live updates line beside the ride status (a polite status of its own). */
export function liveStatus(page: Page) {
  return page
    .getByRole("main")
    .getByRole("status")
    .filter({ hasText: /^(Live updates on|Updates delayed — reconnecting…)$/ });
}

/** The events of the data messages received, parsed. */
function pushed(received: LiveMessage[]): { type?: string; ride?: Ride; offer?: Offer }[] {
  return received
    .filter((m) => m.type === "data" && typeof m.event === "string")
    .map((m) => JSON.parse(m.event as string) as { type?: string; ride?: Ride; offer?: Offer });
}

/**
 * Records what the page's live sockets (`/event/realtime`) receive. Call before the page opens: Playwright reports
 * only sockets opened after its listener.
 */
export function watchLiveChannel(page: Page) {
  const received: LiveMessage[] = [];
  let sockets = 0;
  page.on("websocket", (socket) => {
    if (!new URL(socket.url()).pathname.endsWith("/event/realtime")) return;
    sockets += 1;
    socket.on("framereceived", ({ payload }) => {
      try {
        received.push(JSON.parse(String(payload)) as LiveMessage);
      } catch {
        // Not a message of the protocol: nothing to record.
      }
    });
  });
  return {
    /** Sockets the page has opened to the live events. */
    sockets: () => sockets,
    /** Subscriptions the server has acknowledged. */
    subscriptions: () => received.filter((m) => m.type === "subscribe_success").length,
    /** The rides pushed to the page, oldest first. */
    pushedRides: (): Ride[] => pushed(received).flatMap((e) => (e.type === "ride" && e.ride ? [e.ride] : [])),
    /** The offers pushed to the page (a unicorn's channel), oldest first: each as it opened or ended. */
    pushedOffers: (): Offer[] => pushed(received).flatMap((e) => (e.type === "offer" && e.offer ? [e.offer] : [])),
  };
}

/** GET requests for rides (`/rides/{id}`, `/rides?…`) the page makes from now on, as the API's `path?query`. */
export function watchRideReads(page: Page, siteApiUrl: string) {
  const api = new URL(siteApiUrl).pathname;
  const reads: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (request.method() !== "GET") return;
    if (url.pathname === `${api}/rides` || url.pathname.startsWith(`${api}/rides/`)) {
      reads.push(`${url.pathname.slice(api.length)}${url.search}`);
    }
  });
  return reads;
}

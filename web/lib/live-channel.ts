/**
 * A rider's or a unicorn's channel on AppSync Events, through Amplify's own events client (`aws-amplify/data`). Only
 * lib/live-updates.ts imports this, dynamically, so the client loads after first paint and never with a page.
 */
import { Channels } from "@wildrydes/core/rules/channels";
import { events } from "aws-amplify/data";
import { Hub } from "aws-amplify/utils";
import type { Offer, Ride } from "./api-client";
import { liveEventOf } from "./live-events";
import { loadAuth } from "./rider-auth";

export interface LiveLink {
  /** Unsubscribes and closes the channel (Amplify shuts the socket once no channel is open). */
  close(): void;
}

export interface LinkHandlers {
  onRide(ride: Ride): void;
  /** An offer opened or ended: only a unicorn's channel carries these. */
  onOffer?(offer: Offer): void;
  /** The link is gone (the socket closed, keep-alives stopped, the network went): the caller opens a new one. */
  onDrop(): void;
}

/** Amplify's connection states (its Hub's `api` channel) that mean pushes may not be arriving. */
const lostStates = new Set([
  "ConnectionDisrupted",
  "ConnectionDisruptedPendingNetwork",
  "ConnectedPendingNetwork",
  "ConnectedPendingKeepAlive",
  "Disconnected",
]);

/** The server acknowledges a subscription within a few seconds; Amplify's `ready` may otherwise wait for ever. */
const subscribeTimeoutMs = 20_000;

/** Subscribes to the signed-in rider's channel; resolves once the server has confirmed the subscription. */
export async function openRiderLink(handlers: LinkHandlers): Promise<LiveLink> {
  const auth = await loadAuth();
  const sub = (await auth.fetchAuthSession()).tokens?.accessToken.payload.sub;
  if (typeof sub !== "string") throw new Error("No rider session to subscribe with.");
  return openLink(Channels.rider(sub), handlers);
}

/** Subscribes to a unicorn's channel (only its linked account may); resolves once the server has confirmed it. */
export async function openUnicornLink(unicornId: string, handlers: LinkHandlers): Promise<LiveLink> {
  // Amplify must be configured with the session before it connects; loading the auth module does that.
  await loadAuth();
  return openLink(Channels.unicorn(unicornId), handlers);
}

async function openLink(name: string, handlers: LinkHandlers): Promise<LiveLink> {
  const channel = await events.connect(name);
  // Drops count only once the link is handed over; before that, a failure rejects the promise instead.
  let handedOver = false;
  let open = true;
  let stopListening = () => {};
  const unsubscribe = () => {
    if (!open) return;
    open = false;
    stopListening();
    subscription.unsubscribe();
  };
  const drop = () => {
    if (!open || !handedOver) return;
    unsubscribe();
    handlers.onDrop();
  };
  const subscription = channel.subscribe({
    next: (message: { event?: unknown }) => {
      const event = open ? liveEventOf(message.event) : null;
      if (event?.type === "ride") handlers.onRide(event.ride);
      if (event?.type === "offer") handlers.onOffer?.(event.offer);
    },
    error: drop,
  });
  const close = () => {
    unsubscribe();
    channel.close();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      subscription.ready,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("The subscription was not acknowledged.")), subscribeTimeoutMs);
      }),
    ]);
  } catch (error) {
    close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  stopListening = Hub.listen("api", ({ payload }) => {
    const state = (payload.data as { connectionState?: string } | undefined)?.connectionState;
    if (payload.event === "ConnectionStateChange" && state && lostStates.has(state)) drop();
  });
  handedOver = true;
  return { close };
}

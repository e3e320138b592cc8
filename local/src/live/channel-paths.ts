/**
 * AppSync Events' channel paths: "/" then one to five segments of letters, digits and dashes, the first naming a
 * channel namespace of the API. A subscription may end in "/*" (every channel below that prefix); a publish names
 * one channel. Who may subscribe to what is not decided here: that is `Channels.maySubscribe` in core.
 */
import { liveNamespaces } from "@wildrydes/core/rules/channels";

const maxSegments = 5;
const maxSegmentLength = 50;
const segmentPattern = /^[A-Za-z0-9-]+$/;

export interface ChannelCheck {
  ok: boolean;
  /** Why the path is refused (for the `message` of the error), when it is. */
  problem?: string;
  /** The path is well formed but no namespace of the API has its first segment. */
  unknownNamespace?: boolean;
}

/** Whether `channel` is a path AppSync would take: for a subscription (`wildcard`) a trailing "/*" is allowed. */
export function checkChannel(channel: unknown, { wildcard }: { wildcard: boolean }): ChannelCheck {
  if (typeof channel !== "string" || !channel.startsWith("/")) {
    return { ok: false, problem: "The channel must be a path that starts with '/'." };
  }
  const segments = channel.slice(1).split("/");
  if (segments.length > maxSegments) {
    return { ok: false, problem: `A channel has at most ${maxSegments} segments.` };
  }
  for (const [index, segment] of segments.entries()) {
    const trailingWildcard = wildcard && segment === "*" && index > 0 && index === segments.length - 1;
    if (trailingWildcard) continue;
    if (!segmentPattern.test(segment) || segment.length > maxSegmentLength) {
      return {
        ok: false,
        problem: `Channel segments are 1 to ${maxSegmentLength} letters, digits or dashes${wildcard ? " (a subscription may end in /*)" : ""}.`,
      };
    }
  }
  const namespace = segments[0] ?? "";
  if (!(liveNamespaces as readonly string[]).includes(namespace)) {
    return { ok: false, unknownNamespace: true, problem: `No channel namespace is named '${namespace}'.` };
  }
  return { ok: true };
}

/** A subscription's channel (`/riders/abc`, or `/riders/*` for every channel under `/riders/`) against a publish's. */
export function channelMatches(subscribed: string, published: string): boolean {
  if (!subscribed.endsWith("/*")) return subscribed === published;
  const prefix = subscribed.slice(0, -1);
  return published.startsWith(prefix) && published.length > prefix.length;
}

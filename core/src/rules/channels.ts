/**
 * Live channels (AppSync Events: a namespace, then a path) and who may subscribe to each: one rule for the cloud
 * (the namespace's onSubscribe handler, generated below) and the local stand-in (maySubscribe), tested to agree.
 */

/** The namespaces the Event API has; each channel's first segment. */
export const liveNamespaces = ["riders", "unicorns", "fleet"] as const;
export type LiveNamespace = (typeof liveNamespaces)[number];

/** Who asks: the token's subject and, for a unicorn's account, the fleet unicorn it is linked to (stored, not in the token). */
export interface Subscriber {
  sub: string;
  unicornId?: string;
}

export namespace Channels {
  export const rider = (sub: string) => `/riders/${sub}`;
  export const unicorn = (unicornId: string) => `/unicorns/${unicornId}`;
  export const fleet = "/fleet/seattle";

  /** A rider only their own channel, a unicorn's account only its unicorn's, anyone signed in the fleet's. */
  export function maySubscribe(channel: string, who: Subscriber): boolean {
    if (channel === fleet) return true;
    if (channel === rider(who.sub)) return true;
    return who.unicornId !== undefined && channel === unicorn(who.unicornId);
  }

  /**
   * The riders namespace's onSubscribe handler (APPSYNC_JS) in the cloud: the same comparison as maySubscribe, with
   * the channel built by the same function. The unicorns namespace needs the stored link, so it has its own (issue 22).
   */
  export function ridersSubscribeHandler(): string {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder of the generated code, filled by AppSync.
    return onlyChannel(`\`${rider("${ctx.identity.sub}")}\``);
  }

  /** The fleet namespace's: its one channel, as maySubscribe allows (no wildcard, no other city). */
  export function fleetSubscribeHandler(): string {
    return onlyChannel(JSON.stringify(fleet));
  }

  const onlyChannel = (allowed: string) =>
    [
      "export function onSubscribe(ctx) {",
      `  if (ctx.info.channel.path !== ${allowed}) util.unauthorized();`,
      "}",
      "",
    ].join("\n");
}

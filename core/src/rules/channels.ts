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
   * the channel built by the same function. The unicorns namespace needs the stored link, so it has its own below.
   */
  export function ridersSubscribeHandler(): string {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder of the generated code, filled by AppSync.
    return onlyChannel(`\`${rider("${ctx.identity.sub}")}\``);
  }

  /** The fleet namespace's: its one channel, as maySubscribe allows (no wildcard, no other city). */
  export function fleetSubscribeHandler(): string {
    return onlyChannel(JSON.stringify(fleet));
  }

  /**
   * The unicorns namespace's: a GetItem of the caller's crew link through the namespace's DynamoDB data source, then
   * maySubscribe's comparison with the stored unicornId. The key comes in (the store's Keys.crewLink): rules import
   * no store. A missing link, or one without a unicornId, is refused.
   */
  export function unicornsSubscribeHandler(linkKeyOf: (sub: string) => Record<string, string>): string {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder of the generated code, filled by AppSync.
    const key = Object.entries(linkKeyOf("${ctx.identity.sub}")).map(([name, value]) => `${name}: { S: \`${value}\` }`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: likewise.
    const channel = `\`${unicorn("${ctx.result.unicornId}")}\``;
    return [
      "export const onSubscribe = {",
      "  request(ctx) {",
      `    return { operation: "GetItem", key: { ${key.join(", ")} } };`,
      "  },",
      "  response(ctx) {",
      '    if (ctx.error || !ctx.result || typeof ctx.result.unicornId !== "string") util.unauthorized();',
      `    if (ctx.info.channel.path !== ${channel}) util.unauthorized();`,
      "  },",
      "};",
      "",
    ].join("\n");
  }

  const onlyChannel = (allowed: string) =>
    [
      "export function onSubscribe(ctx) {",
      `  if (ctx.info.channel.path !== ${allowed}) util.unauthorized();`,
      "}",
      "",
    ].join("\n");
}

/**
 * Live push (infra/live.ts), asserted on a declared graph: graph.test.ts calls this once per stage. One AppSync
 * Event API: browsers connect and subscribe with the rider pool's tokens, only IAM publishes; the riders namespace
 * runs core/src/rules/channels.ts's onSubscribe handler, the fleet namespace its own (its one channel), the unicorns
 * namespace one that reads the caller's crew link through a data source allowed only GetItem on the table; the
 * stream's LivePush subscriber feeds ride changes to it and its role may publish to the three namespaces and nothing
 * else of AppSync.
 */
import { expect, it } from "vitest";
import { Channels, liveNamespaces } from "../../core/src/rules/channels";
import { Keys } from "../../core/src/store/keys";
import { subscriptions } from "../../functions/src/catalogue/subscriptions";
import type { GraphResource, GraphResult } from "./graph-harness";
import { all, arnOf, eventApiOf, named, one, outputsOf, roleOf, statements } from "./graph-queries";

const namespaceType = "aws:appsync/channelNamespace:ChannelNamespace";
const cognito = { authType: "AMAZON_COGNITO_USER_POOLS" };
const iam = { authType: "AWS_IAM" };

function namespace(graph: GraphResult, name: string): GraphResource {
  const found = all(graph, namespaceType).filter((ns) => ns.inputs.name === name);
  if (found.length !== 1) throw new Error(`expected one channel namespace ${name}, found ${found.length}`);
  return found[0] as GraphResource;
}

const namespaceArn = (ns: GraphResource) => String(outputsOf(ns).channelNamespaceArn);

/** The subscribers that link Live, i.e. may publish: LivePush and whatever else the table lists. */
const publishers = subscriptions.filter((entry) => entry.link.includes("Live"));
const livePush = subscriptions.find((entry) => entry.name === "LivePush");

export function liveTests(graph: () => GraphResult): void {
  it("declares one Event API: riders connect and subscribe with the pool's tokens for the web client, IAM alone publishes", () => {
    const { api } = eventApiOf(graph());
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const client = one(graph(), "aws:cognito/userPoolClient:UserPoolClient");
    expect(api.inputs.name).toBe(`wildrydes-${graph().stage}-live`);
    expect(api.inputs.eventConfig).toEqual({
      authProviders: [
        {
          ...cognito,
          cognitoConfig: { userPoolId: pool.id, awsRegion: "us-east-1", appIdClientRegex: `^${client.id}$` },
        },
        iam,
      ],
      connectionAuthModes: [cognito],
      defaultSubscribeAuthModes: [cognito],
      defaultPublishAuthModes: [iam],
    });
    // The client regex admits the web client's tokens only, not another client of the pool.
    const regex = new RegExp(`^${client.id}$`);
    expect(regex.test(client.id)).toBe(true);
    expect(regex.test(`${client.id}2`)).toBe(false);
    expect(regex.test(`x${client.id}`)).toBe(false);
  });

  it("has the namespaces of channels.ts, each guarded by its onSubscribe handler", () => {
    const { apiId } = eventApiOf(graph());
    const declared = all(graph(), namespaceType);
    expect(declared.map((ns) => ns.inputs.name).sort()).toEqual([...liveNamespaces].sort());
    // Each channel's first segment is its namespace.
    expect(Channels.rider("sub-1").split("/")[1]).toBe("riders");
    expect(Channels.unicorn("aurora").split("/")[1]).toBe("unicorns");
    expect(Channels.fleet.split("/")[1]).toBe("fleet");
    for (const ns of declared) {
      expect(liveNamespaces as readonly unknown[]).toContain(ns.inputs.name);
      expect(ns.inputs.apiId, String(ns.inputs.name)).toBe(apiId);
      // No per-namespace auth modes: the API's defaults apply (Cognito subscribes, IAM publishes).
      expect(ns.inputs.publishAuthModes, String(ns.inputs.name)).toBeUndefined();
      expect(ns.inputs.subscribeAuthModes, String(ns.inputs.name)).toBeUndefined();
      // Only the unicorns namespace's handler reads a data source (below).
      if (ns.inputs.name !== "unicorns") expect(ns.inputs.handlerConfigs, String(ns.inputs.name)).toBeUndefined();
    }
    expect(namespace(graph(), "riders").inputs.codeHandlers).toBe(Channels.ridersSubscribeHandler());
    // Any signed-in user may follow the fleet's one channel.
    expect(namespace(graph(), "fleet").inputs.codeHandlers).toBe(Channels.fleetSubscribeHandler());
  });

  it("binds the unicorns namespace's onSubscribe to a table data source whose role may only GetItem on the table", () => {
    const { apiId } = eventApiOf(graph());
    const table = one(graph(), "aws:dynamodb/table:Table");
    const source = one(graph(), "aws:appsync/dataSource:DataSource");
    const unicorns = namespace(graph(), "unicorns");
    // The store's own key of a crew link: the handler reads what core/src/store/crew.ts writes.
    expect(unicorns.inputs.codeHandlers).toBe(Channels.unicornsSubscribeHandler(Keys.crewLink));
    expect(unicorns.inputs.handlerConfigs).toEqual({
      onSubscribe: { behavior: "CODE", integration: { dataSourceName: source.inputs.name } },
    });
    expect(source.inputs).toMatchObject({
      apiId,
      type: "AMAZON_DYNAMODB",
      dynamodbConfig: { tableName: table.inputs.name, region: "us-east-1" },
    });
    const role = roleOf(graph(), source.inputs.serviceRoleArn);
    const trust = role.inputs.assumeRolePolicy;
    expect((typeof trust === "string" ? JSON.parse(trust) : trust).Statement).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Principal: { Service: "appsync.amazonaws.com" },
      }),
    ]);
    expect(statements(role)).toEqual([{ Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [arnOf(table)] }]);
    expect(role.inputs.managedPolicyArns).toBeUndefined();
  });

  it("feeds LivePush every new and changed ride and offer at once, failures reported per record and sent to the DLQ", () => {
    if (!livePush) throw new Error("functions/src/catalogue/subscriptions.ts has no LivePush entry");
    expect([...livePush.link].sort()).toEqual(["Live", "Table"]);
    // Only rides and offers, every INSERT and MODIFY (REMOVE is TTL's housekeeping, not a change anyone sees).
    const filters = livePush.filters as { eventName: string[] }[];
    expect([...new Set(filters.flatMap((filter) => filter.eventName))].sort()).toEqual(["INSERT", "MODIFY"]);
    for (const filter of filters) {
      expect(filter).toEqual({
        eventName: filter.eventName,
        dynamodb: { NewImage: { kind: { S: ["ride", "offer"] } } },
      });
    }
    const mapping = named(
      graph(),
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "TableSubscriberLivePushEventSourceMapping",
    );
    const fn = named(graph(), "aws:lambda/function:Function", "TableSubscriberLivePushFunctionFunction");
    const inputs = mapping.inputs as Record<string, unknown> & { filterCriteria: { filters: { pattern: string }[] } };
    expect(inputs.functionName).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${fn.inputs.name}`);
    expect(inputs.eventSourceArn).toBe(
      `arn:aws:dynamodb:us-east-1:123456789012:table/${one(graph(), "aws:dynamodb/table:Table").inputs.name}/stream/2024-01-01T00:00:00.000`,
    );
    expect(inputs.filterCriteria.filters.map((filter) => JSON.parse(filter.pattern))).toEqual(livePush.filters);
    expect(inputs).toMatchObject({
      // A rider's screen waits for no batch to fill.
      maximumBatchingWindowInSeconds: 0,
      batchSize: livePush.batchSize,
      maximumRetryAttempts: livePush.retries,
      bisectBatchOnFunctionError: livePush.bisectOnError,
      functionResponseTypes: ["ReportBatchItemFailures"],
      destinationConfig: { onFailure: { destinationArn: arnOf(one(graph(), "aws:sqs/queue:Queue")) } },
    });
  });

  it("hands each publisher the publish and realtime URLs of the Event API as Live", () => {
    const { dns } = eventApiOf(graph());
    expect(publishers.map((entry) => entry.name)).toContain("LivePush");
    for (const entry of publishers) {
      const build = graph().builds.find((b) => b.functionID === `TableSubscriber${entry.name}Function`);
      expect(build?.links.Live, entry.name).toMatchObject({
        httpUrl: `https://${dns.HTTP}/event`,
        realtimeUrl: `wss://${dns.REALTIME}/event/realtime`,
      });
    }
    // Nothing else links it: no route or schedule publishes.
    const linking = graph()
      .builds.filter((build) => "Live" in build.links)
      .map((build) => build.functionID)
      .sort();
    expect(linking).toEqual(publishers.map((entry) => `TableSubscriber${entry.name}Function`).sort());
  });

  it("lets the publishers' roles publish to the riders, unicorns and fleet namespaces, and no role anything else of AppSync", () => {
    const namespaces = ["riders", "unicorns", "fleet"].map((name) => namespaceArn(namespace(graph(), name)));
    const { apiId } = eventApiOf(graph());
    expect(namespaces).toEqual([
      `arn:aws:appsync:us-east-1:123456789012:apis/${apiId}/channelNamespace/riders`,
      `arn:aws:appsync:us-east-1:123456789012:apis/${apiId}/channelNamespace/unicorns`,
      `arn:aws:appsync:us-east-1:123456789012:apis/${apiId}/channelNamespace/fleet`,
    ]);
    const appsyncGrants = all(graph(), "aws:iam/role:Role").flatMap((role) =>
      statements(role)
        .filter(
          (s) =>
            s.Action.some((action) => action === "*" || action.toLowerCase().startsWith("appsync:")) ||
            s.Resource.some((resource) => resource.includes(":appsync:")),
        )
        .map((s) => ({ role: role.name, Effect: s.Effect, Action: s.Action, Resource: s.Resource })),
    );
    const publisherRoles = publishers.map(
      (entry) =>
        roleOf(
          graph(),
          named(graph(), "aws:lambda/function:Function", `TableSubscriber${entry.name}FunctionFunction`).inputs.role,
        ).name,
    );
    expect(appsyncGrants.sort((a, b) => a.role.localeCompare(b.role))).toEqual(
      publisherRoles
        .sort()
        .map((role) => ({ role, Effect: "Allow", Action: ["appsync:EventPublish"], Resource: namespaces })),
    );
  });

  it("bakes the Event API's publish URL into the site and outputs it", () => {
    const { dns } = eventApiOf(graph());
    const builder = one(graph(), "command:local:Command");
    const url = `https://${dns.HTTP}/event`;
    expect((builder.inputs.environment as Record<string, string>).NEXT_PUBLIC_EVENTS_URL).toBe(url);
    expect(graph().outputs.events).toBe(url);
  });
}

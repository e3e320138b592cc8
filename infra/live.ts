/**
 * Live push (docs/api.md, "Live push"): an AppSync Event API the browser subscribes to with its rider token
 * (Cognito, this stage's pool and web client) and the stream's publishers post to with their role (IAM). Channels and
 * who may subscribe to each are core/src/rules/channels.ts's: the riders namespace runs its onSubscribe handler
 * (a rider only their own channel), the fleet namespace its own (any signed-in user, its one channel), the unicorns
 * namespace one that reads the caller's crew link from the table through a data source (a unicorn's account only its
 * unicorn's channel). SST 4.17 has no component for Event APIs, so these are the provider's own resources.
 */
import { Channels } from "../core/src/rules/channels";
import { Keys } from "../core/src/store/keys";
import { riders, webClient } from "./auth";
import { region } from "./stage";
import { table } from "./storage";

const cognito = { authType: "AMAZON_COGNITO_USER_POOLS" };
const iam = { authType: "AWS_IAM" };

export const liveApi = new aws.appsync.Api("Live", {
  name: `${$app.name}-${$app.stage}-live`,
  eventConfig: {
    authProviders: [
      {
        ...cognito,
        // Tokens of the rider pool, issued to the web client: the HTTP API's JWT authorizer trusts the same ones.
        cognitoConfig: { userPoolId: riders.id, awsRegion: region, appIdClientRegex: $interpolate`^${webClient.id}$` },
      },
      iam,
    ],
    // Browsers connect and subscribe with their Cognito token; only IAM principals (the publishers' roles) publish.
    connectionAuthModes: [cognito],
    defaultSubscribeAuthModes: [cognito],
    defaultPublishAuthModes: [iam],
  },
});

/** The table as the unicorns namespace's handler sees it: AppSync's role may read one item at a time, nothing else. */
const crewLinksRole = new aws.iam.Role("LiveCrewLinksRole", {
  assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "appsync.amazonaws.com" }),
  inlinePolicies: [
    {
      name: "crew-links",
      policy: $jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [table.arn] }],
      }),
    },
  ],
});

export const crewLinks = new aws.appsync.DataSource("LiveCrewLinks", {
  apiId: liveApi.apiId,
  name: "CrewLinks",
  type: "AMAZON_DYNAMODB",
  serviceRoleArn: crewLinksRole.arn,
  dynamodbConfig: { tableName: table.name, region },
});

/** The namespaces, named as the channels' first segment; each inherits the API's modes (no overrides). */
export const namespaces = {
  riders: new aws.appsync.ChannelNamespace("LiveRiders", {
    apiId: liveApi.apiId,
    name: "riders",
    codeHandlers: Channels.ridersSubscribeHandler(),
  }),
  unicorns: new aws.appsync.ChannelNamespace("LiveUnicorns", {
    apiId: liveApi.apiId,
    name: "unicorns",
    codeHandlers: Channels.unicornsSubscribeHandler(Keys.crewLink),
    // The handler's GetItem goes through this data source: APPSYNC_JS cannot reach the table otherwise.
    handlerConfigs: { onSubscribe: { behavior: "CODE", integration: { dataSourceName: crewLinks.name } } },
  }),
  fleet: new aws.appsync.ChannelNamespace("LiveFleet", {
    apiId: liveApi.apiId,
    name: "fleet",
    codeHandlers: Channels.fleetSubscribeHandler(),
  }),
};

function host(kind: "HTTP" | "REALTIME") {
  return liveApi.dns.apply((dns) => {
    const name = dns[kind];
    if (!name) throw new Error(`The Event API answered no ${kind} domain (dns: ${JSON.stringify(dns)})`);
    return name;
  });
}

/** The Event API's domains, for the site's CSP (infra/edge.ts). */
export const liveHosts = { http: host("HTTP"), realtime: host("REALTIME") };

/** Where the server publishes (SigV4-signed POSTs) and the browser's client starts from (it derives the realtime URL). */
export const liveHttpUrl = $interpolate`https://${liveHosts.http}/event`;
export const liveRealtimeUrl = $interpolate`wss://${liveHosts.realtime}/event/realtime`;

/** What a publisher links as "Live": the two URLs and the right to publish to these namespaces, nothing else. */
export const live = new sst.Linkable("Live", {
  properties: { httpUrl: liveHttpUrl, realtimeUrl: liveRealtimeUrl },
  include: [
    sst.aws.permission({
      actions: ["appsync:EventPublish"],
      resources: Object.values(namespaces).map((namespace) => namespace.channelNamespaceArn),
    }),
  ],
});

/**
 * The cloud resource graph, asserted offline: sst.config.ts runs under Pulumi mocks for a dev stage and for
 * production with and without a domain (see graph-harness.ts), and each test reads what it declared.
 * The router's tests are in edge-suite.ts, the schedules' in schedule-suite.ts, the stream's in events-suite.ts,
 * the offer chain's in dispatch-suite.ts, live push's in live-suite.ts, the ride-events lake's in lake-suite.ts, the
 * alarms' and dashboard's in monitoring-suite.ts, the map key's in map-suite.ts and the role groups' (with the role
 * routes and what `sst shell` links) in roles-suite.ts, run here so the graphs are built once.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordPolicy } from "../../core/src/rules/password-policy";
import { Table } from "../../core/src/store/table";
import { cors, handlerDefaults, offerChain, routes, schedules, throttle } from "../../functions/src/catalogue/routes";
import { subscriptions } from "../../functions/src/catalogue/subscriptions";
import { dispatchTests } from "./dispatch-suite";
import { edgeTests } from "./edge-suite";
import { eventsTests } from "./events-suite";
import { cleanupProgram, type GraphResult, runGraph } from "./graph-harness";
import { mapKeyValue } from "./graph-program";
import { all, appFunctions, arnOf, eventApiOf, named, one } from "./graph-queries";
import { lakeTests } from "./lake-suite";
import { liveTests } from "./live-suite";
import { mapTests } from "./map-suite";
import { monitoringTests } from "./monitoring-suite";
import { repoRoot } from "./platform";
import { rolesTests } from "./roles-suite";
import { scheduleTests } from "./schedule-suite";

const domain = "rydes.example.com";
const apiOrigins = ["https://partner.example.com", "http://localhost:3000"];
const alertEmail = "ops@rydes.example.com";
let dev: GraphResult;
let production: GraphResult;
let productionWithoutDomain: GraphResult;

beforeAll(async () => {
  const none = { WILDRYDES_DOMAIN: "", WILDRYDES_API_ORIGINS: "", WILDRYDES_ALERT_EMAIL: "" };
  [dev, production, productionWithoutDomain] = await Promise.all([
    runGraph({ stage: "dev", env: none }),
    runGraph({
      stage: "production",
      env: {
        WILDRYDES_DOMAIN: domain,
        WILDRYDES_API_ORIGINS: apiOrigins.join(", "),
        WILDRYDES_BOARDING_WINDOW_SECONDS: "90",
        WILDRYDES_ALERT_EMAIL: ` ${alertEmail} `,
      },
    }),
    runGraph({ stage: "production", env: none }),
  ]);
}, 280_000);

afterAll(cleanupProgram);

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

describe.each([
  ["dev", () => dev, "300", undefined],
  ["production", () => production, "90", alertEmail],
  ["production without a domain", () => productionWithoutDomain, "300", undefined],
])("the %s stage", (_stage, graph, boardingWindow, email) => {
  it("runs the whole program with no errors and no unanswered provider calls", () => {
    expect(graph().errors).toEqual([]);
    expect(graph().calls.filter((call) => !call.answered)).toEqual([]);
    expect(graph().resources.length).toBeGreaterThan(40);
  });

  it("declares one route per route-table entry, every one behind the JWT authorizer", () => {
    const authorizer = one(graph(), "aws:apigatewayv2/authorizer:Authorizer");
    const declared = all(graph(), "aws:apigatewayv2/route:Route");
    expect(declared.map((route) => route.inputs.routeKey).sort()).toEqual(routes.map(routeKey).sort());
    for (const route of declared) {
      expect(route.inputs.authorizationType, String(route.inputs.routeKey)).toBe("JWT");
      expect(route.inputs.authorizerId, String(route.inputs.routeKey)).toBe(authorizer.id);
    }
  });

  it("trusts tokens only from the rider pool, for the web client", () => {
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const client = one(graph(), "aws:cognito/userPoolClient:UserPoolClient");
    const authorizer = one(graph(), "aws:apigatewayv2/authorizer:Authorizer");
    expect(authorizer.inputs.authorizerType).toBe("JWT");
    expect(authorizer.inputs.identitySources).toEqual(["$request.header.Authorization"]);
    expect(authorizer.inputs.jwtConfiguration).toEqual({
      issuer: `https://cognito-idp.us-east-1.amazonaws.com/${pool.id}`,
      audiences: [client.id],
    });
  });

  it("gives every function the shared defaults: runtime, architecture, X-Ray tracing and its write policy", () => {
    const functions = appFunctions(graph());
    expect(functions.length).toBeGreaterThanOrEqual(routes.length);
    for (const fn of functions) {
      expect(fn.inputs.runtime, fn.name).toBe(handlerDefaults.runtime);
      expect(fn.inputs.architectures, fn.name).toEqual([handlerDefaults.architecture]);
      expect(fn.inputs.tracingConfig, fn.name).toEqual({ mode: "Active" });
      // The mocks give each role an ARN ending in its logical name.
      const role = all(graph(), "aws:iam/role:Role").find((r) => String(fn.inputs.role).endsWith(`/${r.name}`));
      expect(role?.inputs.managedPolicyArns ?? [], fn.name).toContain(
        "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
      );
    }
  });

  it("builds each route's handler with its defaults, X-Ray tracing on", () => {
    const functions = all(graph(), "aws:lambda/function:Function");
    expect(
      graph()
        .builds.map((build) => build.handler)
        .sort(),
    ).toEqual([...routes, ...schedules, ...subscriptions, offerChain].map((r) => r.handler).sort());
    for (const route of routes) {
      const fn = functions.find((f) => f.inputs.description === `Api route ${routeKey(route)}`);
      expect(fn, routeKey(route)).toBeDefined();
      expect(fn?.inputs.runtime).toBe(handlerDefaults.runtime);
      expect(fn?.inputs.architectures).toEqual([handlerDefaults.architecture]);
      expect(fn?.inputs.memorySize).toBe(Number.parseInt(route.memory ?? handlerDefaults.memory, 10));
      expect(fn?.inputs.timeout).toBe(Number.parseInt(route.timeout ?? handlerDefaults.timeout, 10));
      expect(fn?.inputs.tracingConfig).toEqual({ mode: "Active" });
    }
  });

  it("links each function to exactly what its route lists: DynamoDB on the table only, the offer chain and the lake", () => {
    const table = one(graph(), "aws:dynamodb/table:Table");
    const tableArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${table.inputs.name}`;
    // What OfferChain grants, and to which routes, is dispatch-suite.ts's; LakeQueries's is lake-suite.ts's.
    const offerChainArn = `${arnOf(named(graph(), "aws:lambda/function:Function", "OfferChainHandlerFunction"))}:*`;
    const lakeQueries = (
      named(graph(), "sst:sst:LinkRef", "LakeQueriesLinkRef").inputs.include as {
        resources: string[];
      }[]
    ).flatMap((permission) => permission.resources);
    for (const build of graph().builds) {
      const entry = [...routes, ...schedules, ...subscriptions, offerChain].find((r) => r.handler === build.handler);
      expect(entry, build.handler).toBeDefined();
      expect(Object.keys(build.links).sort(), build.handler).toEqual([...(entry?.link ?? [])].sort());
    }
    const roles = all(graph(), "aws:iam/role:Role").filter((role) => role.name.startsWith("ApiRoute"));
    expect(roles).toHaveLength(routes.length);
    const functions = all(graph(), "aws:lambda/function:Function");
    for (const role of roles) {
      const fn = functions.find((f) => String(f.inputs.role).endsWith(`/${role.name}`));
      const route = routes.find((r) => fn?.inputs.description === `Api route ${routeKey(r)}`);
      expect(route, role.name).toBeDefined();
      const inline = role.inputs.inlinePolicies as { policy: string }[];
      expect(inline, role.name).toHaveLength(1);
      const statements = JSON.parse(inline[0]?.policy ?? "{}").Statement as { Action: string[]; Resource: string[] }[];
      const dynamo = statements.filter((s) => s.Action.some((action) => action.startsWith("dynamodb:")));
      // DynamoDB for exactly the routes that link the table (GET /ops/metrics reads the lake alone).
      expect(dynamo.length > 0, role.name).toBe(route?.link.includes("Table"));
      for (const statement of statements) {
        for (const resource of statement.Resource) {
          expect([tableArn, `${tableArn}/*`, offerChainArn, ...lakeQueries], role.name).toContain(resource);
        }
      }
    }
  });

  it("sets the stage's boarding window on every function: the routes', the sweep's, the subscribers', the offer chain's", () => {
    const functions = appFunctions(graph());
    expect(functions.length).toBe(routes.length + schedules.length + subscriptions.length + 1);
    for (const fn of functions) {
      const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
      expect(variables.BOARDING_WINDOW_SECONDS, fn.name).toBe(boardingWindow);
    }
  });

  it("keeps the table's keys, indexes (the sweep's gsi3 too) and change stream from core/src/store/table.ts", () => {
    const table = one(graph(), "aws:dynamodb/table:Table");
    expect(table.inputs.hashKey).toBe(Table.sst.primaryIndex.hashKey);
    expect(table.inputs.rangeKey).toBe(Table.sst.primaryIndex.rangeKey);
    expect(table.inputs.billingMode).toBe("PAY_PER_REQUEST");
    for (const [name, index] of Object.entries(Table.sst.globalIndexes)) {
      const projected =
        index.projection === "keys-only"
          ? { projectionType: "KEYS_ONLY" }
          : { projectionType: "INCLUDE", nonKeyAttributes: index.projection };
      expect(table.inputs.globalSecondaryIndexes).toContainEqual({
        name,
        hashKey: index.hashKey,
        rangeKey: index.rangeKey,
        ...projected,
      });
    }
    expect(table.inputs.streamEnabled).toBe(true);
    expect(table.inputs.streamViewType).toBe("NEW_AND_OLD_IMAGES");
  });

  it("gives the browser a secretless client that signs in by SRP only, and a pool that verifies email", () => {
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const client = one(graph(), "aws:cognito/userPoolClient:UserPoolClient");
    expect(client.inputs.generateSecret).toBe(false);
    // The password never leaves the browser: no USER_PASSWORD_AUTH.
    expect([...(client.inputs.explicitAuthFlows as string[])].sort()).toEqual([
      "ALLOW_REFRESH_TOKEN_AUTH",
      "ALLOW_USER_SRP_AUTH",
    ]);
    expect(client.inputs.preventUserExistenceErrors).toBe("ENABLED");
    expect(pool.inputs.usernameAttributes).toEqual(["email"]);
    expect(pool.inputs.autoVerifiedAttributes).toEqual(["email"]);
    expect(pool.inputs.verificationMessageTemplate).toMatchObject({ defaultEmailOption: "CONFIRM_WITH_CODE" });
    expect(pool.inputs.passwordPolicy).toMatchObject(passwordPolicy);
  });

  edgeTests(graph);
  mapTests(graph);
  scheduleTests(graph);
  eventsTests(graph, email);
  liveTests(graph);
  dispatchTests(graph);
  lakeTests(graph);
  monitoringTests(graph, email);
  rolesTests(graph);

  it("builds the web app from web/ with the site-relative API path, region, pool, map key and events URL baked in", () => {
    const builder = one(graph(), "command:local:Command");
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const client = one(graph(), "aws:cognito/userPoolClient:UserPoolClient");
    const eventsHost = eventApiOf(graph()).dns.HTTP;
    expect(builder.inputs.create).toBe("npm run build");
    expect(String(builder.inputs.dir)).toMatch(/[/\\]web$/);
    expect(builder.inputs.environment).toEqual({
      NEXT_PUBLIC_API_URL: "/api",
      NEXT_PUBLIC_REGION: "us-east-1",
      NEXT_PUBLIC_USER_POOL_ID: pool.id,
      NEXT_PUBLIC_USER_POOL_CLIENT_ID: client.id,
      NEXT_PUBLIC_MAP_API_KEY: mapKeyValue,
      NEXT_PUBLIC_EVENTS_URL: `https://${eventsHost}/event`,
    });
  });

  it("throttles the API stage and lets browsers send the app's headers", () => {
    const stage = one(graph(), "aws:apigatewayv2/stage:Stage");
    expect(stage.inputs.defaultRouteSettings).toMatchObject({
      throttlingBurstLimit: throttle.burstLimit,
      throttlingRateLimit: throttle.rateLimit,
    });
    const api = one(graph(), "aws:apigatewayv2/api:Api");
    expect(api.inputs.corsConfiguration).toMatchObject({
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
      allowMethods: ["GET", "POST", "OPTIONS"],
    });
    // The one declaration the local gateway emulator answers preflights with, too.
    expect(api.inputs.corsConfiguration).toMatchObject({
      allowHeaders: [...cors.allowHeaders],
      allowMethods: [...cors.allowMethods],
      maxAge: cors.maxAgeSeconds,
    });
  });

  it("outputs the router's URL as the site's, the API's own URL, the pool, the client, the events URL and the region", () => {
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const client = one(graph(), "aws:cognito/userPoolClient:UserPoolClient");
    const api = one(graph(), "aws:apigatewayv2/api:Api");
    expect(graph().outputs).toMatchObject({
      api: `https://${api.id}.execute-api.us-east-1.amazonaws.com`,
      site: expect.stringMatching(/^https:\/\/[^/]+$/),
      userPoolId: pool.id,
      userPoolClientId: client.id,
      events: expect.stringMatching(/^https:\/\/[a-z0-9]+\.appsync-api\.us-east-1\.amazonaws\.com\/event$/),
      region: "us-east-1",
    });
  });
});

describe("stages", () => {
  it("retains and protects production's data; a dev stage can be removed", () => {
    expect(production.app).toMatchObject({ name: "wildrydes", home: "aws", removal: "retain", protect: true });
    expect(dev.app).toMatchObject({ name: "wildrydes", home: "aws", removal: "remove", protect: false });
    const prodTable = one(production, "aws:dynamodb/table:Table");
    const devTable = one(dev, "aws:dynamodb/table:Table");
    expect(prodTable.inputs.pointInTimeRecovery).toEqual({ enabled: true });
    expect(prodTable.inputs.deletionProtectionEnabled).toBe(true);
    expect(devTable.inputs.pointInTimeRecovery).toEqual({ enabled: false });
    expect(devTable.inputs.deletionProtectionEnabled).toBe(false);
  });

  it("lets any origin call a dev API's own URL, but only the listed origins call production's", () => {
    const origins = (graph: GraphResult) =>
      (one(graph, "aws:apigatewayv2/api:Api").inputs.corsConfiguration as { allowOrigins: string[] }).allowOrigins;
    expect(origins(dev)).toEqual(["*"]);
    expect(origins(production)).toEqual(apiOrigins);
    // The site calls the API on its own origin, so none listed means no cross-origin callers at all.
    expect(origins(productionWithoutDomain)).toEqual([]);
  });

  it("puts the router on the domain when one is set, on CloudFront's own name otherwise", () => {
    const distribution = (graph: GraphResult) => one(graph, "aws:cloudfront/distribution:Distribution");
    expect(distribution(production).inputs.aliases).toEqual([domain]);
    expect(production.outputs.site).toBe(`https://${domain}`);
    expect(one(production, "aws:acm/certificate:Certificate").inputs.domainName).toBe(domain);
    for (const graph of [dev, productionWithoutDomain]) {
      expect(distribution(graph).inputs.aliases).toEqual([]);
      expect(graph.outputs.site).toBe(`https://${distribution(graph).id}.cloudfront.net`);
      expect(all(graph, "aws:acm/certificate:Certificate")).toEqual([]);
    }
  });
});

describe("handlers", () => {
  const entries = [
    ...routes.map((route) => [routeKey(route), route.handler]),
    ...schedules.map((s) => [s.name, s.handler]),
    ...subscriptions.map((s) => [s.name, s.handler]),
    [offerChain.name, offerChain.handler],
  ];
  it.each(entries)("%s: %s exists and exports it", (_key, handler) => {
    const exportName = handler.slice(handler.lastIndexOf(".") + 1);
    const base = join(repoRoot, handler.slice(0, handler.lastIndexOf(".")));
    const file = [".ts", ".mts", ".js", ".mjs"].map((ext) => base + ext).find((candidate) => existsSync(candidate));
    if (!file) throw new Error(`no handler module at ${base}.ts`);
    const source = readFileSync(file, "utf8");
    const declared = new RegExp(`export\\s+(?:const|let|var|(?:async\\s+)?function)\\s+${exportName}\\b`);
    const listed = new RegExp(`export\\s*\\{[^}]*\\b${exportName}\\b[^}]*\\}`);
    expect(declared.test(source) || listed.test(source), `${file} exports ${exportName}`).toBe(true);
  });
});

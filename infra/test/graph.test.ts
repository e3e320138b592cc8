/**
 * The cloud resource graph, asserted offline: sst.config.ts runs under Pulumi mocks for a dev stage and for
 * production (see graph-harness.ts), and each test reads what it declared.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordPolicy } from "../../core/src/password-policy";
import { Table } from "../../core/src/table";
import { cors, handlerDefaults, routes, throttle } from "../../functions/src/routes";
import { securityHeaders } from "../../web/security-headers";
import { policyToHeaders, type ResponseHeadersPolicyConfig } from "../response-headers";
import { cleanupProgram, type GraphResource, type GraphResult, runGraph } from "./graph-harness";
import { repoRoot } from "./platform";

const domain = "rydes.example.com";
let dev: GraphResult;
let production: GraphResult;
let productionWithoutDomain: GraphResult;

beforeAll(async () => {
  [dev, production, productionWithoutDomain] = await Promise.all([
    runGraph({ stage: "dev", env: { WILDRYDES_DOMAIN: "" } }),
    runGraph({ stage: "production", env: { WILDRYDES_DOMAIN: domain } }),
    runGraph({ stage: "production", env: { WILDRYDES_DOMAIN: "" } }),
  ]);
}, 240_000);

afterAll(cleanupProgram);

function all(graph: GraphResult, type: string): GraphResource[] {
  return graph.resources.filter((resource) => resource.type === type);
}

function one(graph: GraphResult, type: string): GraphResource {
  const [first, ...others] = all(graph, type);
  if (!first || others.length > 0)
    throw new Error(`expected exactly one ${type}, found ${others.length + (first ? 1 : 0)}`);
  return first;
}

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

describe.each([
  ["dev", () => dev],
  ["production", () => production],
])("the %s stage", (_stage, graph) => {
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
    const functions = all(graph(), "aws:lambda/function:Function");
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
    ).toEqual(routes.map((r) => r.handler).sort());
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

  it("links each function to exactly what its route lists, and grants DynamoDB on the table only", () => {
    const table = one(graph(), "aws:dynamodb/table:Table");
    const tableArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${table.inputs.name}`;
    for (const build of graph().builds) {
      const route = routes.find((r) => r.handler === build.handler);
      expect(Object.keys(build.links).sort(), build.handler).toEqual([...(route?.link ?? [])].sort());
    }
    const roles = all(graph(), "aws:iam/role:Role").filter((role) => role.name.startsWith("ApiRoute"));
    expect(roles).toHaveLength(routes.length);
    for (const role of roles) {
      const inline = role.inputs.inlinePolicies as { policy: string }[];
      expect(inline, role.name).toHaveLength(1);
      const statements = JSON.parse(inline[0]?.policy ?? "{}").Statement as { Action: string[]; Resource: string[] }[];
      const dynamo = statements.filter((s) => s.Action.some((action) => action.startsWith("dynamodb:")));
      expect(dynamo.length, role.name).toBeGreaterThan(0);
      for (const statement of statements) {
        for (const resource of statement.Resource) {
          expect([tableArn, `${tableArn}/*`], role.name).toContain(resource);
        }
      }
    }
  });

  it("keeps the table's keys, sparse index and change stream from core/src/table.ts", () => {
    const table = one(graph(), "aws:dynamodb/table:Table");
    expect(table.inputs.hashKey).toBe(Table.sst.primaryIndex.hashKey);
    expect(table.inputs.rangeKey).toBe(Table.sst.primaryIndex.rangeKey);
    expect(table.inputs.billingMode).toBe("PAY_PER_REQUEST");
    for (const [name, index] of Object.entries(Table.sst.globalIndexes)) {
      expect(table.inputs.globalSecondaryIndexes).toContainEqual({
        name,
        hashKey: index.hashKey,
        rangeKey: index.rangeKey,
        projectionType: "INCLUDE",
        nonKeyAttributes: index.projection,
      });
    }
    expect(table.inputs.streamEnabled).toBe(true);
    expect(table.inputs.streamViewType).toBe("NEW_AND_OLD_IMAGES");
  });

  it("gives the browser a secretless client that signs in by password, and a pool that verifies email", () => {
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const client = one(graph(), "aws:cognito/userPoolClient:UserPoolClient");
    expect(client.inputs.generateSecret).toBe(false);
    expect(client.inputs.explicitAuthFlows).toEqual(
      expect.arrayContaining(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
    );
    expect(client.inputs.preventUserExistenceErrors).toBe("ENABLED");
    expect(pool.inputs.usernameAttributes).toEqual(["email"]);
    expect(pool.inputs.autoVerifiedAttributes).toEqual(["email"]);
    expect(pool.inputs.verificationMessageTemplate).toMatchObject({ defaultEmailOption: "CONFIRM_WITH_CODE" });
    expect(pool.inputs.passwordPolicy).toMatchObject(passwordPolicy);
  });

  it("serves the site through CloudFront with exactly the headers of web/security-headers.ts", () => {
    const policy = one(graph(), "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
    const distribution = one(graph(), "aws:cloudfront/distribution:Distribution");
    const behavior = distribution.inputs.defaultCacheBehavior as Record<string, unknown>;
    expect(behavior.responseHeadersPolicyId).toBe(policy.id);
    const sent = policyToHeaders(policy.inputs as unknown as ResponseHeadersPolicyConfig);
    const apiUrl = String(graph().outputs.api);
    expect(sent).toEqual(securityHeaders({ connect: [apiUrl, "https://cognito-idp.us-east-1.amazonaws.com"] }));
    expect(sent["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(sent["Content-Security-Policy"]).toContain(`connect-src 'self' ${apiUrl} `);
    expect(sent["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
    expect(sent["X-Content-Type-Options"]).toBe("nosniff");
    expect(sent["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("builds the web app from web/ with the API, region and pool baked in", () => {
    const builder = one(graph(), "command:local:Command");
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const client = one(graph(), "aws:cognito/userPoolClient:UserPoolClient");
    expect(builder.inputs.create).toBe("npm run build");
    expect(String(builder.inputs.dir)).toMatch(/[/\\]web$/);
    expect(builder.inputs.environment).toEqual({
      NEXT_PUBLIC_API_URL: graph().outputs.api,
      NEXT_PUBLIC_REGION: "us-east-1",
      NEXT_PUBLIC_USER_POOL_ID: pool.id,
      NEXT_PUBLIC_USER_POOL_CLIENT_ID: client.id,
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

  it("outputs the API and site URLs, the pool, the client and the region", () => {
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const client = one(graph(), "aws:cognito/userPoolClient:UserPoolClient");
    expect(graph().outputs).toMatchObject({
      api: expect.stringMatching(/^https:\/\//),
      site: expect.stringMatching(/^https:\/\//),
      userPoolId: pool.id,
      userPoolClientId: client.id,
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

  it("lets any origin call a dev API, but only the site's domain call production's", () => {
    const origins = (graph: GraphResult) =>
      (one(graph, "aws:apigatewayv2/api:Api").inputs.corsConfiguration as { allowOrigins: string[] }).allowOrigins;
    expect(origins(dev)).toEqual(["*"]);
    expect(origins(production)).toEqual([`https://${domain}`]);
    expect(production.outputs.site).toBe(`https://${domain}`);
  });

  it("refuses to deploy production without a site domain", () => {
    expect(productionWithoutDomain.errors.join("\n")).toMatch(/needs WILDRYDES_DOMAIN/);
    expect(all(productionWithoutDomain, "aws:apigatewayv2/api:Api")).toEqual([]);
  });
});

describe("handlers", () => {
  it.each(routes.map((route) => [routeKey(route), route.handler]))("%s: %s exists and exports it", (_key, handler) => {
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

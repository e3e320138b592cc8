/**
 * Roles in the cloud (infra/auth.ts; docs/api.md, "Accounts and roles"), asserted on a declared graph: graph.test.ts
 * calls this once per stage. The role groups are the rider pool's; every role's routes sit behind the one JWT
 * authorizer with no scopes (scopes cannot see groups: the handlers' edge checks them, functions/src/edge/http.ts);
 * and scripts/add-account.ts finds the pool and the table in `sst shell` under the names it reads.
 */
import { expect, it } from "vitest";
import { groups } from "../../core/src/rules/roles";
import { routes } from "../../functions/src/catalogue/routes";
import type { GraphResult } from "./graph-harness";
import { all, named, one } from "./graph-queries";

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

export function rolesTests(graph: () => GraphResult): void {
  it("gives the rider pool exactly the role groups of core/src/rules/roles.ts, each described", () => {
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const declared = all(graph(), "aws:cognito/userGroup:UserGroup");
    expect(declared.map((group) => group.inputs.name).sort()).toEqual(Object.values(groups).sort());
    for (const group of declared) {
      expect(group.inputs.userPoolId, group.name).toBe(pool.id);
      expect(String(group.inputs.description ?? ""), group.name).toMatch(/\w{3,}/);
      // No IAM role or precedence: a group is a role in the API only, read from the token's cognito:groups.
      expect(group.inputs.roleArn, group.name).toBeUndefined();
    }
  });

  it("lets riders sign themselves up, and invites the others with a mailed temporary password that says how to use it", () => {
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const days = (pool.inputs.passwordPolicy as { temporaryPasswordValidityDays: number })
      .temporaryPasswordValidityDays;
    const config = pool.inputs.adminCreateUserConfig as {
      allowAdminCreateUserOnly: boolean;
      inviteMessageTemplate: { emailSubject: string; emailMessage: string };
    };
    expect(config.allowAdminCreateUserOnly).toBe(false);
    const { emailSubject, emailMessage } = config.inviteMessageTemplate;
    expect(emailSubject).toMatch(/Wild Rydes/);
    // Cognito refuses an invitation template without both placeholders.
    expect(emailMessage).toContain("{####}");
    expect(emailMessage).toContain("{username}");
    expect(emailMessage).toContain(`within ${days} days`);
    // What scripts/add-account.ts tells whoever runs it.
    expect(days).toBe(7);
  });

  it("deploys every role's routes, the /unicorn ones among them, behind the rider pool's JWT with no scopes", () => {
    const authorizer = one(graph(), "aws:apigatewayv2/authorizer:Authorizer");
    const unicornRoutes = routes.filter((route) => route.role === "unicorn");
    expect(unicornRoutes.length).toBeGreaterThan(0);
    expect(routes.filter((route) => route.path.startsWith("/unicorn/"))).toEqual(unicornRoutes);
    const declared = all(graph(), "aws:apigatewayv2/route:Route");
    const integrations = all(graph(), "aws:apigatewayv2/integration:Integration");
    const functions = all(graph(), "aws:lambda/function:Function");
    for (const route of routes) {
      const key = routeKey(route);
      const found = declared.filter((r) => r.inputs.routeKey === key);
      expect(found, key).toHaveLength(1);
      const [deployed] = found;
      expect(deployed?.inputs.authorizationType, key).toBe("JWT");
      expect(deployed?.inputs.authorizerId, key).toBe(authorizer.id);
      expect(deployed?.inputs.authorizationScopes, key).toBeUndefined();
      // Route -> integration -> the function built for this route.
      const integration = integrations.find((i) => deployed?.inputs.target === `integrations/${i.id}`);
      const fn = functions.find((f) => f.inputs.description === `Api route ${key}`);
      expect(fn, key).toBeDefined();
      expect(integration?.inputs.integrationUri, key).toBe(
        `arn:aws:lambda:us-east-1:123456789012:function:${fn?.inputs.name}`,
      );
    }
  });

  it("links the pool and the table to `sst shell` as Riders and Table, which scripts/add-account.ts reads", () => {
    const pool = one(graph(), "aws:cognito/userPool:UserPool");
    const table = one(graph(), "aws:dynamodb/table:Table");
    const properties = (name: string) =>
      (named(graph(), "sst:sst:LinkRef", `${name}LinkRef`).inputs.properties ?? {}) as Record<string, unknown>;
    expect(properties("Riders")).toMatchObject({ id: pool.id });
    expect(properties("Table")).toMatchObject({ name: table.inputs.name });
  });
}

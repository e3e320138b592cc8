/**
 * The one origin (infra/edge.ts), asserted on a declared graph: graph.test.ts calls this once per stage.
 * SST's Router routes by a CloudFront function reading a key-value store, so routes show up as KV entries
 * (SST's dynamic resources) and the cache behaviours as the distribution's.
 */
import { expect, it } from "vitest";
import { locationOrigins } from "../../core/src/site/location-origins";
import { securityHeaders } from "../../core/src/site/security-headers";
import { policyToHeaders, type ResponseHeadersPolicyConfig } from "../response-headers";
import type { GraphResult } from "./graph-harness";
import { managedPolicyIds } from "./graph-program";
import { dynamic, eventApiOf, one } from "./graph-queries";

type Behavior = Record<string, unknown> & { pathPattern?: string; functionAssociations?: unknown[] };

interface WafRule {
  priority: number;
  action?: unknown;
  statement: {
    rateBasedStatement?: { limit: number; aggregateKeyType: string };
    managedRuleGroupStatement?: { vendorName: string; name: string; ruleActionOverrides?: unknown[] };
  };
}

function behaviors(graph: GraphResult) {
  const distribution = one(graph, "aws:cloudfront/distribution:Distribution");
  const site = distribution.inputs.defaultCacheBehavior as Behavior;
  const ordered = (distribution.inputs.orderedCacheBehaviors ?? []) as Behavior[];
  return { distribution, site, ordered, api: ordered.find((b) => b.pathPattern === "/api/*") };
}

export function edgeTests(graph: () => GraphResult): void {
  it("serves the site at / and the API at /api/* (prefix stripped) from one distribution", () => {
    const { site, ordered, api } = behaviors(graph());
    expect(ordered.map((b) => b.pathPattern)).toEqual(["/api/*"]);
    // Both behaviours run the router's function, which picks the origin from the routes below.
    expect(api?.functionAssociations).toEqual(site.functionAssociations);
    const siteRoute = dynamic(graph(), "SiteRoutesUpdate").inputs.entry;
    const apiRoute = dynamic(graph(), "RouterRoute/apiRoutesUpdate").inputs.entry;
    expect(siteRoute).toMatch(/^site,\w+,,$/);
    expect(apiRoute).toMatch(/^url,\w+,,\/api$/);
    const target = JSON.parse(
      String((dynamic(graph(), "RouterRoute/apiRouteKey").inputs.entries as Record<string, string>).metadata),
    );
    expect(target.host).toBe(new URL(String(graph().outputs.api)).host);
    expect(target.rewrite).toEqual({ regex: "^/api/(.*)$", to: "/$1" });
    expect("/api/rides/r-1/cancel".replace(new RegExp(target.rewrite.regex), target.rewrite.to)).toBe(
      "/rides/r-1/cancel",
    );
  });

  it("never caches API answers and forwards every viewer header but Host (Authorization, Idempotency-Key)", () => {
    const { site, api } = behaviors(graph());
    expect(api?.cachePolicyId).toBe(managedPolicyIds["Managed-CachingDisabled"]);
    expect(api?.originRequestPolicyId).toBe(managedPolicyIds["Managed-AllViewerExceptHostHeader"]);
    expect(api?.allowedMethods).toEqual(expect.arrayContaining(["GET", "POST", "OPTIONS"]));
    // The site keeps SST's cache policy (files say how long they keep) and gets no API-only policies.
    expect(site.cachePolicyId).toBe(one(graph(), "aws:cloudfront/cachePolicy:CachePolicy").id);
    expect(site.cachePolicyId).not.toBe(api?.cachePolicyId);
  });

  it("sends exactly core/src/site/security-headers.ts's headers on the site, the API being same-origin", () => {
    const policy = one(graph(), "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
    const { site, api } = behaviors(graph());
    expect(site.responseHeadersPolicyId).toBe(policy.id);
    expect(api?.responseHeadersPolicyId).toBeUndefined();
    const sent = policyToHeaders(policy.inputs as unknown as ResponseHeadersPolicyConfig);
    const cognito = "https://cognito-idp.us-east-1.amazonaws.com";
    const location = locationOrigins("us-east-1");
    // This stage's Event API (infra/live.ts) by its exact domains, HTTP and WebSocket: no other AppSync API.
    const { dns } = eventApiOf(graph());
    const live = [`https://${dns.HTTP}`, `wss://${dns.REALTIME}`];
    expect(live).toEqual([
      expect.stringMatching(/^https:\/\/[a-z0-9]+\.appsync-api\.us-east-1\.amazonaws\.com$/),
      expect.stringMatching(/^wss:\/\/[a-z0-9]+\.appsync-realtime-api\.us-east-1\.amazonaws\.com$/),
    ]);
    const connect = [cognito, ...location, ...live];
    expect(sent).toEqual(securityHeaders({ connect }));
    expect(sent["Content-Security-Policy"]).toContain(`connect-src 'self' ${connect.join(" ")};`);
    expect(sent["Content-Security-Policy"]).not.toContain("*");
    expect(sent["Content-Security-Policy"]).not.toContain("execute-api");
    expect(sent["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(sent["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
    expect(sent["X-Content-Type-Options"]).toBe("nosniff");
    expect(sent["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("puts a WAF in front: a per-IP rate limit and the managed groups for an API and a static site", () => {
    const waf = one(graph(), "aws:wafv2/webAcl:WebAcl");
    const { distribution } = behaviors(graph());
    expect(waf.inputs.scope).toBe("CLOUDFRONT");
    expect(waf.inputs.defaultAction).toEqual({ allow: {} });
    // The mocks give each resource an ARN ending in its logical name.
    expect(String(distribution.inputs.webAclId)).toMatch(new RegExp(`/${waf.name}$`));
    const rules = waf.inputs.rules as WafRule[];
    expect(new Set(rules.map((rule) => rule.priority)).size).toBe(rules.length);
    const rate = rules.find((rule) => rule.statement.rateBasedStatement);
    expect(rate?.action).toEqual({ block: {} });
    expect(rate?.statement.rateBasedStatement?.aggregateKeyType).toBe("IP");
    // WAF counts over five minutes: ten riders behind one address (a workshop), each polling once a second, pass.
    expect(rate?.statement.rateBasedStatement?.limit).toBeGreaterThanOrEqual(10 * 300);
    const groups = rules.flatMap((rule) => rule.statement.managedRuleGroupStatement ?? []);
    expect(groups.map((group) => `${group.vendorName}/${group.name}`).sort()).toEqual([
      "AWS/AWSManagedRulesAmazonIpReputationList",
      "AWS/AWSManagedRulesCommonRuleSet",
      "AWS/AWSManagedRulesKnownBadInputsRuleSet",
    ]);
    // Bodies up to the API's 8 KB limit pass; the API answers 413 above it, not the WAF.
    const common = groups.find((group) => group.name === "AWSManagedRulesCommonRuleSet");
    expect(common?.ruleActionOverrides).toEqual([{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]);
    // No rule of ours looks at Authorization, so a bare token passes as a Bearer one does.
    expect(JSON.stringify(rules).toLowerCase()).not.toContain("authorization");
  });

  it("logs blocked requests only, with Authorization, cookies and query strings redacted", () => {
    const waf = one(graph(), "aws:wafv2/webAcl:WebAcl");
    const logging = one(graph(), "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
    expect(logging.inputs.resourceArn).toBe(behaviors(graph()).distribution.inputs.webAclId);
    expect(String(logging.inputs.resourceArn)).toMatch(new RegExp(`/${waf.name}$`));
    expect(logging.inputs.logDestinationConfigs).toEqual([expect.stringMatching(/\/RouterWafLogGroup$/)]);
    expect(logging.inputs.loggingFilter).toEqual({
      defaultBehavior: "DROP",
      filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }] }],
    });
    expect(logging.inputs.redactedFields).toEqual(
      expect.arrayContaining([{ singleHeader: { name: "authorization" } }, { queryString: {} }]),
    );
  });
}

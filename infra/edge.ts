/**
 * The one origin: a CloudFront Router serving the site at `/` (infra/site.ts routes it here) and the API at
 * `/api/*` with the prefix stripped, behind a WAF, with the custom domain when one is set.
 *
 * SST's Router sends every path through one default behaviour (its own cache policy: TTL 0 by default but up to a
 * year when the origin says so, Authorization not in the cache key, so CloudFront does not forward it). `/api/*`
 * gets a behaviour of its own that never caches and forwards every viewer header but Host (Authorization,
 * Idempotency-Key, Content-Type) and the query string; the site keeps the default, plus its security headers.
 */
import { locationOrigins } from "../core/src/site/location-origins";
import { eventApiOrigins, securityHeaders } from "../core/src/site/security-headers";
import { api } from "./api";
import { liveHosts } from "./live";
import { headersToPolicy } from "./response-headers";
import { domain, region } from "./stage";

/** Where the API lives on the site's origin; the local static server uses the same prefix. */
export const apiPath = "/api";

/** Requests per IP per five minutes (WAF's window): ten a second, i.e. ten riders behind one address polling. */
export const rateLimitPerIp = 3000;

// The API is same-origin now; the browser still calls Cognito itself, Amazon Location for the map (MapLibre
// fetches the style, tiles, glyphs and sprites, so they are connect-src, not img-src) and places, and this stage's
// Event API for live push (its exact domains, known at deploy time: no wildcard over the region's AppSync APIs).
const policy = $resolve({ region, live: liveHosts }).apply(({ region, live }) =>
  headersToPolicy(
    securityHeaders({
      connect: [`https://cognito-idp.${region}.amazonaws.com`, ...locationOrigins(region), ...eventApiOrigins(live)],
    }),
  ),
);
const headersPolicy = new aws.cloudfront.ResponseHeadersPolicy("SiteSecurityHeaders", {
  comment: "Wild Rydes site security headers (core/src/site/security-headers.ts)",
  securityHeadersConfig: policy.securityHeadersConfig,
  customHeadersConfig: policy.customHeadersConfig,
});

// CloudFront forwards Authorization through an origin request policy only with caching disabled and one of the
// managed AllViewer policies; a lookup by name fails the deploy if either is missing.
const noCaching = aws.cloudfront.getCachePolicyOutput({ name: "Managed-CachingDisabled" }).id;
const allViewerButHost = aws.cloudfront.getOriginRequestPolicyOutput({ name: "Managed-AllViewerExceptHostHeader" }).id;

export const router = new sst.aws.Router("Router", {
  domain,
  waf: {
    rateLimitPerIp,
    // The common rule set counts (not blocks) bodies over 8 KB, so the API answers 413 itself. No SQL anywhere:
    // the SQL-injection group would only add false positives on riders' text.
    managedRules: { coreRuleSet: true, knownBadInputs: true, sqlInjection: false },
    // Cookies, Authorization and query strings are redacted by default.
    logging: { include: "blocked" },
  },
  transform: {
    waf: (args) => {
      args.rules = $output(args.rules ?? []).apply((rules) => [...rules, ipReputation(rules.length)]);
    },
    cdn: (args) => {
      const shared = args.defaultCacheBehavior;
      args.defaultCacheBehavior = $resolve({ behavior: shared, id: headersPolicy.id }).apply(({ behavior, id }) => ({
        ...behavior,
        responseHeadersPolicyId: id,
      }));
      // Same viewer-request function (it picks the API origin and strips the prefix), different policies.
      args.orderedCacheBehaviors = [
        $resolve({ behavior: shared, noCaching, allViewerButHost }).apply(
          ({ behavior, noCaching, allViewerButHost }) => ({
            ...behavior,
            pathPattern: `${apiPath}/*`,
            cachePolicyId: noCaching,
            originRequestPolicyId: allViewerButHost,
          }),
        ),
      ];
    },
  },
});

router.route(apiPath, api.url, { rewrite: { regex: `^${apiPath}/(.*)$`, to: "/$1" } });

/** AWS's list of addresses known for bots and attacks; SST's WAF options do not include it. */
function ipReputation(priority: number) {
  const name = "AWSManagedRulesAmazonIpReputationList";
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `Router${name}`, sampledRequestsEnabled: true },
  };
}

/**
 * The static site (web/, a Next.js export) on CloudFront, sending exactly web/security-headers.ts's headers
 * through a response headers policy (infra/response-headers.ts), with the API, region and pool baked in.
 */
import { securityHeaders } from "../web/security-headers";
import { api } from "./api";
import { riders, webClient } from "./auth";
import { headersToPolicy } from "./response-headers";
import { domain, region } from "./stage";

const policy = $resolve([api.url, region]).apply(([apiUrl, region]) =>
  headersToPolicy(securityHeaders({ connect: [apiUrl, `https://cognito-idp.${region}.amazonaws.com`] })),
);
const headersPolicy = new aws.cloudfront.ResponseHeadersPolicy("SiteSecurityHeaders", {
  comment: "Wild Rydes site security headers (web/security-headers.ts)",
  securityHeadersConfig: policy.securityHeadersConfig,
  customHeadersConfig: policy.customHeadersConfig,
});

export const site = new sst.aws.StaticSite("Site", {
  path: "web",
  build: { command: "npm run build", output: "out" },
  domain,
  errorPage: "404.html",
  environment: {
    NEXT_PUBLIC_API_URL: api.url,
    NEXT_PUBLIC_REGION: region,
    NEXT_PUBLIC_USER_POOL_ID: riders.id,
    NEXT_PUBLIC_USER_POOL_CLIENT_ID: webClient.id,
  },
  transform: {
    cdn: (args) => {
      args.defaultCacheBehavior = $resolve({ defaults: args.defaultCacheBehavior, id: headersPolicy.id }).apply(
        ({ defaults, id }) => ({ ...defaults, responseHeadersPolicyId: id }),
      );
    },
  },
});

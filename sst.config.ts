/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Every cloud resource of Wild Rydes. Facts shared with the local stack come from one place each:
 * the table (core/src/table.ts), the routes (functions/src/routes.ts), the password policy
 * (core/src/password-policy.ts) and the site's headers (web/security-headers.ts).
 *
 * Production needs WILDRYDES_DOMAIN (a Route 53 domain for the site): the API's CORS origin and the
 * site's CSP name each other, and only a known domain breaks that cycle. Other stages allow any origin.
 */
export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "wildrydes",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
      providers: { aws: { version: "7.20.0" } },
    };
  },
  async run() {
    // Imported here, not at the top: the CLI evaluates app() before the providers exist.
    const { Table } = await import("./core/src/table");
    const { passwordPolicy } = await import("./core/src/password-policy");
    const { routes, handlerDefaults, throttle } = await import("./functions/src/routes");
    const { securityHeaders } = await import("./web/security-headers");
    const { headersToPolicy } = await import("./infra/response-headers");

    const production = $app.stage === "production";
    const domain = process.env.WILDRYDES_DOMAIN?.trim() || undefined;
    if (production && !domain) {
      throw new Error(
        "Stage \"production\" needs WILDRYDES_DOMAIN (the site's domain, hosted in Route 53) so the API can allow only the site's origin.",
      );
    }
    const region = aws.getRegionOutput().region;

    const table = new sst.aws.Dynamo(Table.linkName, {
      ...Table.sst,
      deletionProtection: production,
      transform: {
        table: (args) => {
          // SST always enables point-in-time recovery; dev stages do not need to pay for it.
          args.pointInTimeRecovery = { enabled: production };
        },
      },
    });

    const riders = new sst.aws.CognitoUserPool("Riders", {
      usernames: ["email"],
      verify: { emailSubject: "Your Wild Rydes verification code" },
      transform: {
        userPool: (args) => {
          args.passwordPolicy = { ...passwordPolicy, temporaryPasswordValidityDays: 7 };
          args.accountRecoverySetting = { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] };
          args.deletionProtection = production ? "ACTIVE" : "INACTIVE";
        },
      },
    });
    const webClient = riders.addClient("Web", {
      transform: {
        client: (args) => {
          // A browser app keeps no secret; sign-in is USER_PASSWORD_AUTH (cognito-local has no SRP), no hosted UI.
          args.generateSecret = false;
          args.explicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
          args.preventUserExistenceErrors = "ENABLED";
          args.allowedOauthFlowsUserPoolClient = false;
          args.allowedOauthFlows = [];
          args.allowedOauthScopes = [];
          args.callbackUrls = [];
          args.supportedIdentityProviders = ["COGNITO"];
        },
      },
    });

    const api = new sst.aws.ApiGatewayV2("Api", {
      cors: {
        allowOrigins: domain && production ? [`https://${domain}`] : ["*"],
        allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
        allowMethods: ["GET", "POST", "OPTIONS"],
        maxAge: "1 day",
      },
      transform: {
        stage: (args) => {
          // The same numbers the local gateway emulator enforces.
          args.defaultRouteSettings = {
            throttlingBurstLimit: throttle.burstLimit,
            throttlingRateLimit: throttle.rateLimit,
          };
        },
      },
    });
    const authorizer = api.addAuthorizer({
      name: "RiderJwt",
      jwt: {
        issuer: $interpolate`https://cognito-idp.${region}.amazonaws.com/${riders.id}`,
        audiences: [webClient.id],
      },
    });

    const linkable = { Table: table } as const;
    const xrayPolicies = aws
      .getPartitionOutput()
      .partition.apply((partition) => [`arn:${partition}:iam::aws:policy/AWSXRayDaemonWriteAccess`]);
    for (const route of routes) {
      if (route.auth !== "jwt") throw new Error(`Route ${route.method} ${route.path} has no JWT auth`);
      api.route(
        `${route.method} ${route.path}`,
        {
          handler: route.handler,
          link: route.link.map((name) => linkable[name]),
          runtime: handlerDefaults.runtime,
          architecture: handlerDefaults.architecture,
          memory: route.memory ?? handlerDefaults.memory,
          timeout: route.timeout ?? handlerDefaults.timeout,
          policies: xrayPolicies,
          transform: {
            function: (args) => {
              args.tracingConfig = { mode: "Active" };
            },
          },
        },
        { auth: { jwt: { authorizer: authorizer.id } }, name: routeName(route.method, route.path) },
      );
    }

    const policy = $resolve([api.url, region]).apply(([apiUrl, region]) =>
      headersToPolicy(securityHeaders({ connect: [apiUrl, `https://cognito-idp.${region}.amazonaws.com`] })),
    );
    const headersPolicy = new aws.cloudfront.ResponseHeadersPolicy("SiteSecurityHeaders", {
      comment: "Wild Rydes site security headers (web/security-headers.ts)",
      securityHeadersConfig: policy.securityHeadersConfig,
      customHeadersConfig: policy.customHeadersConfig,
    });

    const site = new sst.aws.StaticSite("Site", {
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

    return {
      api: api.url,
      site: site.url,
      userPoolId: riders.id,
      userPoolClientId: webClient.id,
      region,
    };
  },
});

/** A stable logical name per route, e.g. "POST /rides/{rideId}/cancel" -> "PostRidesRideIdCancel". */
function routeName(method: string, path: string): string {
  return [method.toLowerCase(), ...path.split(/[/{}]/)]
    .filter((part) => part !== "")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

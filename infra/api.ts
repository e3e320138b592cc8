/**
 * The HTTP API: every route of functions/src/catalogue/routes.ts behind the riders' JWT authorizer, linked only to what
 * its entry lists, with the stage throttle and CORS the local gateway emulator applies too. The site reaches it
 * through the router (infra/edge.ts) on its own origin; this URL keeps working for other callers. A route that starts
 * the offer chain or answers it links the workflow (infra/dispatch.ts).
 */
import { cors, routes, throttle } from "../functions/src/catalogue/routes";
import { riders, webClient } from "./auth";
import { offerChainWorkflow } from "./dispatch";
import "./functions";
import { lakeQueries } from "./lake";
import { apiOrigins, production, region } from "./stage";
import { linkable } from "./storage";

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    // Development stages serve the workshop's page from anywhere; production only the deployer's list.
    allowOrigins: production ? apiOrigins : ["*"],
    allowHeaders: [...cors.allowHeaders],
    allowMethods: [...cors.allowMethods],
    maxAge: `${cors.maxAgeSeconds} seconds`,
  },
  transform: {
    stage: (args) => {
      args.defaultRouteSettings = {
        throttlingBurstLimit: throttle.burstLimit,
        throttlingRateLimit: throttle.rateLimit,
      };
    },
  },
});

/**
 * What a route may link, by the route table's names; the workflow joins here, not storage's map: it imports storage.
 * LakeQueries (infra/lake.ts) is the right to query the ride-events lake, for GET /ops/metrics.
 */
const links = { ...linkable, OfferChain: offerChainWorkflow, LakeQueries: lakeQueries };

const authorizer = api.addAuthorizer({
  name: "RiderJwt",
  jwt: {
    issuer: $interpolate`https://cognito-idp.${region}.amazonaws.com/${riders.id}`,
    audiences: [webClient.id],
  },
});

/** Each route's function under its stable name, for the alarms and the dashboard (infra/monitoring/monitoring.ts). */
export const routeFunctions = routes.map((route) => {
  if (route.auth !== "jwt") throw new Error(`Route ${route.method} ${route.path} has no JWT auth`);
  const name = routeName(route.method, route.path);
  const declared = api.route(
    `${route.method} ${route.path}`,
    {
      handler: route.handler,
      link: route.link.map((name) => links[name]),
      // Everything else is infra/functions.ts's defaults.
      memory: route.memory,
      timeout: route.timeout,
    },
    { auth: { jwt: { authorizer: authorizer.id } }, name },
  );
  return { name, functionName: declared.nodes.function.name };
});

/** A stable logical name per route, e.g. "POST /rides/{rideId}/cancel" -> "PostRidesRideIdCancel". */
function routeName(method: string, path: string): string {
  return [method.toLowerCase(), ...path.split(/[/{}]/)]
    .filter((part) => part !== "")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

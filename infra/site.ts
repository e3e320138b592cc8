/**
 * The static site (web/, a Next.js export), served at `/` by the router (infra/edge.ts, which also sends its
 * security headers), with the API path, region, pool, map key and live push's Event API baked in.
 */
import { api } from "./api";
import { riders, webClient } from "./auth";
import { apiPath, router } from "./edge";
import { liveHttpUrl } from "./live";
import { mapKeyValue } from "./map";
import { region } from "./stage";

export const site = new sst.aws.StaticSite("Site", {
  path: "web",
  build: { command: "npm run build", output: "out" },
  router: { instance: router },
  errorPage: "404.html",
  environment: {
    // Site-relative: the app resolves it against its own origin. `sst dev` serves the site locally instead,
    // so there it calls the API's own URL (any origin may on a development stage).
    NEXT_PUBLIC_API_URL: $dev ? api.url : apiPath,
    NEXT_PUBLIC_REGION: region,
    NEXT_PUBLIC_USER_POOL_ID: riders.id,
    NEXT_PUBLIC_USER_POOL_CLIENT_ID: webClient.id,
    // Public by design: read-only, this site's pages only (infra/map.ts).
    NEXT_PUBLIC_MAP_API_KEY: mapKeyValue,
    // Live push: Amplify's events client takes the HTTP endpoint and derives the realtime one (infra/live.ts).
    NEXT_PUBLIC_EVENTS_URL: liveHttpUrl,
  },
});

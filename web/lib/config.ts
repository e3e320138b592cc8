/**
 * The web app's configuration, read once from build-time env (Next inlines each NEXT_PUBLIC_* it sees spelled out).
 * Every other module asks this one; nothing else touches process.env. The API, Cognito and live-updates URLs may be
 * site-relative (`/api`): they are resolved against the page's origin when first read in the browser, so one build
 * serves any host and port.
 */
export interface WebConfig {
  apiUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Only set locally: the Cognito endpoint (absolute once resolved), passed to Amplify as `userPoolEndpoint`. */
  cognitoEndpoint?: string;
  /** The Amazon Location API key (read-only: map tiles and place lookups for this site only); none locally, where the
   * map draws its built-in Seattle style and places come from the built-in list. */
  mapKey?: string;
  /** The AppSync Events HTTP endpoint (`https://<id>.appsync-api.<region>.amazonaws.com/event` in the cloud, the site's
   * `/event` locally, absolute once resolved). Optional: without it the ride page polls the API as it always has. */
  eventsUrl?: string;
}

// Each name is written out literally so Next can inline it; a computed process.env[name] would stay undefined.
const raw = {
  NEXT_PUBLIC_API_URL: process.env.NEXT_PUBLIC_API_URL,
  NEXT_PUBLIC_REGION: process.env.NEXT_PUBLIC_REGION,
  NEXT_PUBLIC_USER_POOL_ID: process.env.NEXT_PUBLIC_USER_POOL_ID,
  NEXT_PUBLIC_USER_POOL_CLIENT_ID: process.env.NEXT_PUBLIC_USER_POOL_CLIENT_ID,
  NEXT_PUBLIC_COGNITO_ENDPOINT: process.env.NEXT_PUBLIC_COGNITO_ENDPOINT,
  NEXT_PUBLIC_MAP_API_KEY: process.env.NEXT_PUBLIC_MAP_API_KEY,
  NEXT_PUBLIC_EVENTS_URL: process.env.NEXT_PUBLIC_EVENTS_URL,
};

const required = [
  "NEXT_PUBLIC_API_URL",
  "NEXT_PUBLIC_REGION",
  "NEXT_PUBLIC_USER_POOL_ID",
  "NEXT_PUBLIC_USER_POOL_CLIENT_ID",
] as const;

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Names of required settings that were empty at build time; the layout shows them on every page. */
export const missingConfig: string[] = required.filter((name) => !clean(raw[name]));

/** `/api` -> `https://site.example/api` in the browser; absolute URLs (and anything during prerendering) unchanged. */
function onThisSite(url: string | undefined): string | undefined {
  if (!url?.startsWith("/") || url.startsWith("//") || typeof window === "undefined") return url;
  return new URL(url, window.location.origin).href;
}

export const config: WebConfig = {
  // Getters, not values: pages are prerendered at build time, where there is no window to resolve against.
  get apiUrl() {
    // A trailing slash would double up in `${apiUrl}/rides`.
    return (onThisSite(clean(raw.NEXT_PUBLIC_API_URL)) ?? "").replace(/\/+$/, "");
  },
  region: clean(raw.NEXT_PUBLIC_REGION) ?? "",
  userPoolId: clean(raw.NEXT_PUBLIC_USER_POOL_ID) ?? "",
  userPoolClientId: clean(raw.NEXT_PUBLIC_USER_POOL_CLIENT_ID) ?? "",
  // Amplify's `userPoolEndpoint` must be an absolute URL.
  get cognitoEndpoint() {
    return onThisSite(clean(raw.NEXT_PUBLIC_COGNITO_ENDPOINT));
  },
  mapKey: clean(raw.NEXT_PUBLIC_MAP_API_KEY),
  // Amplify's Events endpoint must be absolute too (it derives the socket's URL from it); no trailing slash.
  get eventsUrl() {
    return onThisSite(clean(raw.NEXT_PUBLIC_EVENTS_URL))?.replace(/\/+$/, "");
  },
};

export const isConfigured = missingConfig.length === 0;

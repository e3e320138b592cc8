/**
 * The web app's configuration, read once from build-time env (Next inlines each NEXT_PUBLIC_* it sees spelled out).
 * Every other module asks this one; nothing else touches process.env.
 */
export interface WebConfig {
  apiUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Only set locally: cognito-local's URL, passed to Amplify as `userPoolEndpoint`. */
  cognitoEndpoint?: string;
  /** Optional map tiles URL template; without it the map draws vector overlays only (works offline). */
  tileUrl?: string;
  tileAttribution?: string;
}

// Each name is written out literally so Next can inline it; a computed process.env[name] would stay undefined.
const raw = {
  NEXT_PUBLIC_API_URL: process.env.NEXT_PUBLIC_API_URL,
  NEXT_PUBLIC_REGION: process.env.NEXT_PUBLIC_REGION,
  NEXT_PUBLIC_USER_POOL_ID: process.env.NEXT_PUBLIC_USER_POOL_ID,
  NEXT_PUBLIC_USER_POOL_CLIENT_ID: process.env.NEXT_PUBLIC_USER_POOL_CLIENT_ID,
  NEXT_PUBLIC_COGNITO_ENDPOINT: process.env.NEXT_PUBLIC_COGNITO_ENDPOINT,
  NEXT_PUBLIC_TILE_URL: process.env.NEXT_PUBLIC_TILE_URL,
  NEXT_PUBLIC_TILE_ATTRIBUTION: process.env.NEXT_PUBLIC_TILE_ATTRIBUTION,
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

export const config: WebConfig = {
  // A trailing slash would double up in `${apiUrl}/rides`.
  apiUrl: (clean(raw.NEXT_PUBLIC_API_URL) ?? "").replace(/\/+$/, ""),
  region: clean(raw.NEXT_PUBLIC_REGION) ?? "",
  userPoolId: clean(raw.NEXT_PUBLIC_USER_POOL_ID) ?? "",
  userPoolClientId: clean(raw.NEXT_PUBLIC_USER_POOL_CLIENT_ID) ?? "",
  cognitoEndpoint: clean(raw.NEXT_PUBLIC_COGNITO_ENDPOINT),
  tileUrl: clean(raw.NEXT_PUBLIC_TILE_URL),
  tileAttribution: clean(raw.NEXT_PUBLIC_TILE_ATTRIBUTION),
};

export const isConfigured = missingConfig.length === 0;

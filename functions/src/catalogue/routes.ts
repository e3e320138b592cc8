/**
 * The one route table. infra/api.ts turns each entry into an API Gateway route with the JWT authorizer,
 * and the local gateway emulator serves the same entries by importing the same handler modules.
 */
export interface Route {
  method: "GET" | "POST";
  /** API Gateway path syntax: `{rideId}` is a path parameter. */
  path: string;
  /** SST handler string, relative to the repository root: `<file without extension>.<export>`. */
  handler: string;
  /** Linked resources the handler may use (least privilege: nothing else is granted). */
  link: readonly "Table"[];
  /** Every route needs a Cognito JWT; kept explicit so a public route would be a visible decision. */
  auth: "jwt";
  memory?: `${number} MB`;
  timeout?: `${number} seconds`;
}

const rider = (method: Route["method"], path: string, handler: string): Route => ({
  method,
  path,
  handler: `functions/src/handlers/${handler}.handler`,
  link: ["Table"],
  auth: "jwt",
});

export const routes: readonly Route[] = [
  rider("POST", "/quotes", "quotes/create"),
  rider("POST", "/rides", "rides/request"),
  rider("GET", "/rides", "rides/list"),
  rider("GET", "/rides/current", "rides/current"),
  rider("GET", "/rides/{rideId}", "rides/get"),
  rider("POST", "/rides/{rideId}/board", "rides/board"),
  rider("POST", "/rides/{rideId}/cancel", "rides/cancel"),
  rider("POST", "/rides/{rideId}/rating", "rides/rating"),
  rider("GET", "/unicorns", "unicorns/list"),
  rider("GET", "/me", "me/get"),
  rider("POST", "/ride", "workshop/ride"),
];

/** Scheduled functions: SST's Cron in the cloud, a timer calling the same handler locally. */
export interface Schedule {
  name: string;
  handler: string;
  /** EventBridge rate expression. */
  schedule: `rate(${string})`;
  link: readonly "Table"[];
}

export const schedules: readonly Schedule[] = [
  {
    name: "Sweep",
    handler: "functions/src/handlers/schedules/sweep.handler",
    schedule: "rate(1 minute)",
    link: ["Table"],
  },
];

/**
 * Defaults for every handler, applied once to every function by infra/functions.ts; a route may override
 * memory or timeout. The local gateway and the cost benchmark read the same numbers.
 */
export const handlerDefaults = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  memory: "1769 MB",
  timeout: "10 seconds",
} as const;

/**
 * What browsers may send the API, declared once for API Gateway (infra/api.ts) and the local gateway emulator.
 * Origins are per stage: any origin, except production, which allows only the site's domain.
 */
export const cors = {
  allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
  allowMethods: ["GET", "POST", "OPTIONS"],
  /** One day: a browser caches the preflight for at most this long (Chromium caps it at two hours). */
  maxAgeSeconds: 86_400,
} as const;

/**
 * Stage throttling, per route: API Gateway applies it in the cloud, the gateway emulator the same numbers locally.
 * A backstop against runaway clients, set above what one machine dispatched in the benchmark (45 rides/s).
 */
export const throttle = { burstLimit: 200, rateLimit: 100 } as const;

/**
 * What differs per stage, and the deployer's settings: WILDRYDES_DOMAIN (optional; the router's custom domain,
 * hosted in Route 53), WILDRYDES_API_ORIGINS (production only: comma-separated origins allowed to call API
 * Gateway's own URL; empty means none, since the site reaches the API on its own origin through the router) and
 * WILDRYDES_BOARDING_WINDOW_SECONDS (optional; seconds a rider has to board, 300 by default) and
 * WILDRYDES_ALERT_EMAIL (optional; receives the operations topic and the alarms, once it confirms AWS's e-mail).
 */
import { RideClock } from "../core/src/rules/ride-clock";

export const production = $app.stage === "production";

export const domain = process.env.WILDRYDES_DOMAIN?.trim() || undefined;

export const apiOrigins = (process.env.WILDRYDES_API_ORIGINS ?? "")
  .split(",")
  .map((origin) => origin.trim())
  .filter((origin) => origin !== "")
  .map((origin) => {
    // An origin is scheme://host[:port], nothing more; a path or trailing slash would never match a browser's Origin.
    if (URL.canParse(origin) && new URL(origin).origin === origin) return origin;
    throw new Error(`WILDRYDES_API_ORIGINS: "${origin}" is not an origin like https://app.example.com`);
  });

export const region = aws.getRegionOutput().region;

const boardingWindow = process.env.WILDRYDES_BOARDING_WINDOW_SECONDS?.trim() || undefined;
if (boardingWindow !== undefined && !/^[1-9]\d*$/.test(boardingWindow)) {
  throw new Error(`WILDRYDES_BOARDING_WINDOW_SECONDS: "${boardingWindow}" is not a whole number of seconds`);
}

/** Environment every function gets (infra/functions.ts): the handlers and the sweep read the same clock settings. */
export const functionEnvironment = {
  BOARDING_WINDOW_SECONDS: String(RideClock.boardingWindowSeconds({ BOARDING_WINDOW_SECONDS: boardingWindow })),
};

export const alertEmail = process.env.WILDRYDES_ALERT_EMAIL?.trim() || undefined;
if (alertEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alertEmail)) {
  throw new Error(`WILDRYDES_ALERT_EMAIL: "${alertEmail}" is not an e-mail address`);
}

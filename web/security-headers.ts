/**
 * The site's security headers, defined once: CloudFront (sst.config.ts) and the local static server send these.
 * The CSP names only what the app loads: its own scripts and styles, the API, Cognito and (optionally) map tiles.
 * Locally the site serves the API and Cognito on its own origin, so `connect` stays empty there (`'self'` only).
 */
export interface SiteOrigins {
  /** Origins the browser calls with fetch besides the site itself, e.g. the API and the Cognito endpoint. */
  connect?: string[];
  /** Origins images may come from besides the site itself, e.g. a map tile server. */
  images?: string[];
}

export function securityHeaders(origins: SiteOrigins = {}): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${["'self'", "data:", ...(origins.images ?? [])].join(" ")}`,
    `connect-src ${["'self'", ...(origins.connect ?? [])].join(" ")}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self)",
  };
}

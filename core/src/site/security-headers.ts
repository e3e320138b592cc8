/**
 * The site's security headers, defined once: CloudFront (sst.config.ts) and the local static server send these.
 * The CSP names only what the app loads: its own scripts and styles, the API, Cognito and (in the cloud) Amazon
 * Location's map and places and the Event API of live push (eventApiOrigins). The map's worker is a same-origin file
 * (MapLibre's CSP build), hence worker-src 'self'. Locally the site serves the API, Cognito and the live channels
 * (`/event`) on its own origin, so `connect` stays empty there (`'self'` only).
 */
export interface SiteOrigins {
  /**
   * Origins the browser calls with fetch or WebSocket besides the site itself: Cognito, Amazon Location (map, places),
   * the Event API (eventApiOrigins).
   */
  connect?: string[];
  /** Origins images may come from besides the site itself. */
  images?: string[];
}

export function securityHeaders(origins: SiteOrigins = {}): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self'",
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

/**
 * The one AppSync Event API the site's live client reaches, by the domains AWS gave it (the API's `dns` map): its
 * HTTP endpoint and its WebSocket one, exactly, so no other AppSync API in the region is reachable from the page.
 */
export function eventApiOrigins(dns: { http: string; realtime: string }): string[] {
  return [`https://${dns.http}`, `wss://${dns.realtime}`];
}

/**
 * Amazon Location Service's origins (Maps v2 and Places v2) in a region, for the CSP's connect-src: infra/edge.ts
 * builds the site's CSP from it and lib/amazon-location.ts re-exports it. No imports, so infra/ can load it too.
 */
export function locationOrigins(region: string): string[] {
  return [`https://maps.geo.${region}.amazonaws.com`, `https://places.geo.${region}.amazonaws.com`];
}

/**
 * What differs per stage. Production needs WILDRYDES_DOMAIN (a Route 53 domain for the site): the API's CORS
 * origin and the site's CSP name each other, and only a known domain breaks that cycle.
 */
export const production = $app.stage === "production";

export const domain = process.env.WILDRYDES_DOMAIN?.trim() || undefined;
if (production && !domain) {
  throw new Error(
    "Stage \"production\" needs WILDRYDES_DOMAIN (the site's domain, hosted in Route 53) so the API can allow only the site's origin.",
  );
}

export const region = aws.getRegionOutput().region;

/**
 * Turns the site's header record (core/src/site/security-headers.ts) into a CloudFront response headers policy config.
 * CloudFront refuses security headers as custom headers, so each one goes to its typed slot; the rest are custom.
 * `policyToHeaders` is the inverse, so tests can prove the policy sends exactly the record it was given.
 */

export interface ResponseHeadersPolicyConfig {
  securityHeadersConfig: {
    contentSecurityPolicy?: { contentSecurityPolicy: string; override: boolean };
    strictTransportSecurity?: {
      accessControlMaxAgeSec: number;
      includeSubdomains: boolean;
      preload: boolean;
      override: boolean;
    };
    contentTypeOptions?: { override: boolean };
    frameOptions?: { frameOption: "DENY" | "SAMEORIGIN"; override: boolean };
    referrerPolicy?: { referrerPolicy: string; override: boolean };
  };
  customHeadersConfig: { items: { header: string; value: string; override: boolean }[] };
}

const referrerPolicies = [
  "no-referrer",
  "no-referrer-when-downgrade",
  "origin",
  "origin-when-cross-origin",
  "same-origin",
  "strict-origin",
  "strict-origin-when-cross-origin",
  "unsafe-url",
];

function parseHsts(value: string) {
  const parts = value.split(";").map((part) => part.trim().toLowerCase());
  const maxAge = /^max-age=(\d+)$/.exec(parts[0] ?? "");
  const rest = parts.slice(1).filter((part) => part !== "");
  if (!maxAge || rest.some((part) => part !== "includesubdomains" && part !== "preload")) {
    throw new Error(`Strict-Transport-Security "${value}" cannot be expressed in a CloudFront policy`);
  }
  return {
    accessControlMaxAgeSec: Number(maxAge[1]),
    includeSubdomains: rest.includes("includesubdomains"),
    preload: rest.includes("preload"),
    override: true,
  };
}

export function headersToPolicy(headers: Record<string, string>): ResponseHeadersPolicyConfig {
  const policy: ResponseHeadersPolicyConfig = { securityHeadersConfig: {}, customHeadersConfig: { items: [] } };
  const security = policy.securityHeadersConfig;
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case "content-security-policy":
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case "strict-transport-security":
        security.strictTransportSecurity = parseHsts(value);
        break;
      case "x-content-type-options":
        if (value.toLowerCase() !== "nosniff") throw new Error(`X-Content-Type-Options "${value}" is not nosniff`);
        security.contentTypeOptions = { override: true };
        break;
      case "x-frame-options": {
        const option = value.toUpperCase();
        if (option !== "DENY" && option !== "SAMEORIGIN") throw new Error(`X-Frame-Options "${value}" unsupported`);
        security.frameOptions = { frameOption: option, override: true };
        break;
      }
      case "referrer-policy":
        if (!referrerPolicies.includes(value)) throw new Error(`Referrer-Policy "${value}" unsupported`);
        security.referrerPolicy = { referrerPolicy: value, override: true };
        break;
      case "x-xss-protection":
        throw new Error("X-XSS-Protection is obsolete; CloudFront would need its typed slot for it");
      default:
        policy.customHeadersConfig.items.push({ header: name, value, override: true });
    }
  }
  return policy;
}

/** The headers a viewer receives from a policy, in the same spelling `securityHeaders()` uses. */
export function policyToHeaders(policy: ResponseHeadersPolicyConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  const security = policy.securityHeadersConfig;
  if (security.contentSecurityPolicy) {
    headers["Content-Security-Policy"] = security.contentSecurityPolicy.contentSecurityPolicy;
  }
  const hsts = security.strictTransportSecurity;
  if (hsts) {
    headers["Strict-Transport-Security"] = [
      `max-age=${hsts.accessControlMaxAgeSec}`,
      ...(hsts.includeSubdomains ? ["includeSubDomains"] : []),
      ...(hsts.preload ? ["preload"] : []),
    ].join("; ");
  }
  if (security.contentTypeOptions) headers["X-Content-Type-Options"] = "nosniff";
  if (security.frameOptions) headers["X-Frame-Options"] = security.frameOptions.frameOption;
  if (security.referrerPolicy) headers["Referrer-Policy"] = security.referrerPolicy.referrerPolicy;
  for (const item of policy.customHeadersConfig.items) headers[item.header] = item.value;
  return headers;
}

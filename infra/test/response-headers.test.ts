import { describe, expect, it } from "vitest";
import { securityHeaders } from "../../core/src/site/security-headers";
import { headersToPolicy, policyToHeaders } from "../response-headers";

describe("CloudFront response headers policy", () => {
  const headers = securityHeaders({
    connect: ["https://abc123.execute-api.us-east-1.amazonaws.com", "https://cognito-idp.us-east-1.amazonaws.com"],
    images: ["https://tile.example.com"],
  });

  it("sends exactly the site's security headers", () => {
    expect(policyToHeaders(headersToPolicy(headers))).toEqual(headers);
  });

  it("puts security headers in CloudFront's typed slots, never as custom headers", () => {
    const policy = headersToPolicy(headers);
    const custom = policy.customHeadersConfig.items.map((item) => item.header.toLowerCase());
    for (const name of ["content-security-policy", "strict-transport-security", "x-frame-options", "referrer-policy"]) {
      expect(custom).not.toContain(name);
    }
    expect(policy.securityHeadersConfig.strictTransportSecurity).toEqual({
      accessControlMaxAgeSec: 63072000,
      includeSubdomains: true,
      preload: true,
      override: true,
    });
    expect(policy.securityHeadersConfig.frameOptions?.frameOption).toBe("DENY");
  });

  it("refuses header values CloudFront could not send as written", () => {
    expect(() => headersToPolicy({ "X-Content-Type-Options": "sniff" })).toThrow(/nosniff/);
    expect(() => headersToPolicy({ "Strict-Transport-Security": "max-age=10; bogus" })).toThrow(/cannot be expressed/);
    expect(() => headersToPolicy({ "Referrer-Policy": "everywhere" })).toThrow(/unsupported/);
  });
});

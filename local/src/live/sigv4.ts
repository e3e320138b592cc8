/**
 * IAM for the Event API's HTTP publish, locally: a request must carry an AWS Signature Version 4 for service
 * "appsync" in the stack's region, made with the local keys. It is checked the only way SigV4 can be: by signing the
 * same request again (the SDK's own signer, with the request's date and signed headers) and comparing signatures.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export type SignatureVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

/** AWS refuses a signature dated more than five minutes from its own clock. */
const allowedSkewMs = 5 * 60 * 1000;
const authorizationPattern =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

export function createSignatureVerifier(o: {
  region: string;
  service: string;
  credentials: Credentials;
  now?: () => number;
}) {
  const signer = new SignatureV4({
    service: o.service,
    region: o.region,
    credentials: o.credentials,
    sha256: Sha256,
    applyChecksum: false,
  });
  const refuse = (status: 401 | 403, message: string): SignatureVerdict => ({ ok: false, status, message });

  return async (request: http.IncomingMessage, body: Buffer): Promise<SignatureVerdict> => {
    const header = request.headers.authorization;
    if (!header) return refuse(401, "You are not authorized to make this call.");
    const parts = authorizationPattern.exec(header.trim());
    if (!parts) return refuse(401, "Only requests signed with AWS Signature Version 4 (IAM) may publish.");
    const [, accessKeyId, day, region, service, signedHeaderList = "", signature = ""] = parts;
    if (accessKeyId !== o.credentials.accessKeyId) {
      return refuse(403, "The security token included in the request is invalid.");
    }
    if (region !== o.region || service !== o.service) {
      return refuse(403, `Credential should be scoped to region '${o.region}' and service '${o.service}'.`);
    }
    const amzDate = String(request.headers["x-amz-date"] ?? "");
    const signedAt = parseAmzDate(amzDate);
    if (!signedAt || amzDate.slice(0, 8) !== day) {
      return refuse(403, "The request must carry an X-Amz-Date matching its credential scope.");
    }
    if (Math.abs((o.now?.() ?? Date.now()) - signedAt.getTime()) > allowedSkewMs) {
      return refuse(403, "Signature expired: the request was signed more than five minutes from now.");
    }
    const signedHeaders = signedHeaderList.split(";");
    if (!signedHeaders.includes("host")) return refuse(403, "The signature must cover the host header.");
    // A declared payload hash is signed as is, so it must be the body's own.
    const declaredHash = request.headers["x-amz-content-sha256"];
    if (declaredHash !== undefined && declaredHash !== createHash("sha256").update(body).digest("hex")) {
      return refuse(403, "The provided x-amz-content-sha256 header does not match the request body.");
    }

    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = request.headers[name];
      if (value === undefined) return refuse(403, `The signed header '${name}' is missing from the request.`);
      headers[name] = Array.isArray(value) ? value.join(",") : value;
    }
    const url = new URL(request.url ?? "/", "http://stand-in.invalid");
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length === 1 ? (values[0] ?? "") : values;
    }
    const resigned = await signer.sign(
      {
        method: request.method ?? "POST",
        protocol: "http:",
        hostname: headers.host ?? "",
        path: url.pathname,
        query,
        headers,
        body: body.length > 0 ? body : undefined,
      },
      { signingDate: signedAt, signableHeaders: new Set(signedHeaders) },
    );
    const expected = authorizationPattern.exec(String(resigned.headers.authorization ?? ""));
    const same =
      expected?.[5] === signedHeaderList && timingSafeEqual(Buffer.from(expected[6] ?? ""), Buffer.from(signature));
    if (!same) {
      return refuse(
        403,
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
      );
    }
    return { ok: true };
  };
}

/** `20260102T030405Z` → that instant; anything else → null. */
function parseAmzDate(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? null : date;
}

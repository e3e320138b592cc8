/** An HTTP request to an AWS API signed with SigV4 as the function's role (the Event API, Lambda's durable executions). */
import { Sha256 } from "@aws-crypto/sha256-js";
import { fromEnv } from "@aws-sdk/credential-provider-env";
import { SignatureV4 } from "@smithy/signature-v4";

const signers = new Map<string, SignatureV4>();
const signerFor = (service: string) => {
  let signer = signers.get(service);
  if (!signer) {
    signer = new SignatureV4({
      service,
      region: process.env.AWS_REGION ?? "us-east-1",
      credentials: fromEnv(),
      sha256: Sha256,
    });
    signers.set(service, signer);
  }
  return signer;
};

export interface SignedRequest {
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

/** Sends `request` to `url`, signed for `service`; the answer as fetch gives it. */
export async function signedFetch(service: string, url: URL, request: SignedRequest): Promise<Response> {
  const query = Object.fromEntries(url.searchParams);
  const signed = await signerFor(service).sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers: { host: url.host, ...request.headers },
    body: request.body,
  });
  return fetch(url, { method: request.method, headers: signed.headers, body: request.body });
}

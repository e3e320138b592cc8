/**
 * Server-side publishing to the Event API (AppSync Events): an HTTP POST to its `/event` endpoint, signed with SigV4
 * as the function's role (IAM is the only publish mode clients lack). Locally the same request reaches the stand-in.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { fromEnv } from "@aws-sdk/credential-provider-env";
import { SignatureV4 } from "@smithy/signature-v4";
import { Resource } from "sst";

/** AppSync Events takes at most this many events per publish request. */
const maxEventsPerRequest = 5;

let signer: SignatureV4 | undefined;
const signing = () => {
  signer ??= new SignatureV4({
    service: "appsync",
    region: process.env.AWS_REGION ?? "us-east-1",
    credentials: fromEnv(),
    sha256: Sha256,
  });
  return signer;
};

/** Publishes `events` (each sent as JSON text) to `channel`, in order; throws if the API refuses any. */
export async function publish(channel: string, events: readonly unknown[]): Promise<void> {
  const url = new URL(Resource.Live.httpUrl);
  for (let i = 0; i < events.length; i += maxEventsPerRequest) {
    const body = JSON.stringify({
      channel,
      events: events.slice(i, i + maxEventsPerRequest).map((e) => JSON.stringify(e)),
    });
    const signed = await signing().sign({
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers: { host: url.host, "content-type": "application/json" },
      body,
    });
    const answer = await fetch(url, { method: "POST", headers: signed.headers, body });
    const text = await answer.text();
    // A 200 can still list events that failed (e.g. a channel no namespace matches).
    const failed = answer.ok ? ((JSON.parse(text) as { failed?: unknown[] }).failed ?? []) : [];
    if (!answer.ok || failed.length > 0)
      throw new Error(`Event API refused a publish to ${channel}: ${answer.status} ${text}`);
  }
}

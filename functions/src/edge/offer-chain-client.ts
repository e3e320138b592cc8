/**
 * Talking to the offer chain's orchestrator through Lambda's own API (a durable function): start one execution per
 * ride (named after it, so a retried start is the same chain), and wake the callback it waits on with the answer.
 * Locally the same signed requests reach the stand-in (local/src/orchestrator), which runs the vendor's local runner.
 */
import type { ChainRef } from "@wildrydes/core/store/offer-chain";
import { Resource } from "sst";
import { logger } from "./logger";
import { signedFetch } from "./signed-fetch";

/** What a wake-up tells the chain: it re-reads the table either way, so this is for its history. */
export type ChainAnswer = "accepted" | "declined" | "withdrawn";

const lambdaApi = () =>
  process.env.AWS_ENDPOINT_URL_LAMBDA ?? `https://lambda.${process.env.AWS_REGION ?? "us-east-1"}.amazonaws.com`;

/** Starts the chain for a ride now DISPATCHING (an asynchronous invoke: it answers once the execution is queued). */
export async function startOfferChain(ride: ChainRef): Promise<void> {
  const { name, qualifier } = Resource.OfferChain;
  const url = new URL(`/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, lambdaApi());
  url.searchParams.set("Qualifier", qualifier);
  const answer = await signedFetch("lambda", url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-amz-invocation-type": "Event",
      "x-amz-durable-execution-name": `ride-${ride.rideId}`,
    },
    body: JSON.stringify(ride),
  });
  if (!answer.ok) throw new Error(`Lambda refused to start the offer chain: ${answer.status} ${await answer.text()}`);
}

/**
 * Wakes the chain waiting on `callbackId`. The answer is already stored, so a chain that has moved on (its wait timed
 * out, or it ended) is no error: it reads the table, not this message. Other failures are logged, never thrown, since
 * the wait's own timeout still moves the chain on.
 */
export async function wakeOfferChain(callbackId: string | undefined, result: ChainAnswer): Promise<void> {
  if (!callbackId) return;
  const url = new URL(`/2025-12-01/durable-execution-callbacks/${encodeURIComponent(callbackId)}/succeed`, lambdaApi());
  try {
    const answer = await signedFetch("lambda", url, { method: "POST", body: JSON.stringify(result) });
    if (!answer.ok && answer.status !== 404 && answer.status !== 409) {
      (await logger()).warn("offer chain callback refused", { status: answer.status, body: await answer.text() });
    }
  } catch (error) {
    (await logger()).warn("offer chain callback failed", { error: String(error) });
  }
}

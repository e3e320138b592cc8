/**
 * Server-side publishing to the Event API (AppSync Events): an HTTP POST to its `/event` endpoint, signed with SigV4
 * as the function's role (IAM is the only publish mode clients lack). Locally the same request reaches the stand-in.
 */
import { Resource } from "sst";
import { signedFetch } from "./signed-fetch";

/** AppSync Events takes at most this many events per publish request. */
const maxEventsPerRequest = 5;

/** Publishes `events` (each sent as JSON text) to `channel`, in order; throws if the API refuses any. */
export async function publish(channel: string, events: readonly unknown[]): Promise<void> {
  const url = new URL(Resource.Live.httpUrl);
  for (let i = 0; i < events.length; i += maxEventsPerRequest) {
    const body = JSON.stringify({
      channel,
      events: events.slice(i, i + maxEventsPerRequest).map((e) => JSON.stringify(e)),
    });
    const answer = await signedFetch("appsync", url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const text = await answer.text();
    // A 200 can still list events that failed (e.g. a channel no namespace matches).
    const failed = answer.ok ? ((JSON.parse(text) as { failed?: unknown[] }).failed ?? []) : [];
    if (!answer.ok || failed.length > 0)
      throw new Error(`Event API refused a publish to ${channel}: ${answer.status} ${text}`);
  }
}

/**
 * The local Lambda durable-function API (local/src/orchestrator/durable-functions.ts) as Lambda documents it: an
 * asynchronous Invoke with `X-Amz-Durable-Execution-Name` starts an execution (202, the same name twice is one
 * execution), `SendDurableExecutionCallbackSuccess` wakes the callback it waits on, an unanswered callback times out,
 * and every call must be signed with SigV4 for service "lambda". The executions run on AWS's LocalDurableTestRunner.
 */

import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { type DurableFunctions, startDurableFunctions } from "@wildrydes/local/orchestrator/durable-functions";
import { freePort } from "@wildrydes/local/plumbing/processes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const region = "us-east-1";
const credentials = { accessKeyId: "local", secretAccessKey: "local" };

/** What each execution did, by the name its payload carries. */
const outcomes = new Map<string, string>();
const callbackIds = new Map<string, string>();
const starts = new Map<string, number>();

const waiter = withDurableExecution(async (event: { name: string; seconds: number }, ctx: DurableContext) => {
  await ctx.step("count", async () => void starts.set(event.name, (starts.get(event.name) ?? 0) + 1));
  const [answer, id] = await ctx.createCallback<string>("answer", { timeout: { seconds: event.seconds } });
  await ctx.step("publish", async () => void callbackIds.set(event.name, id));
  const result = await answer.then(
    (value) => `answered ${value}`,
    () => "timed out",
  );
  await ctx.step("record", async () => void outcomes.set(event.name, result));
  return result;
});

let lambda: DurableFunctions;

beforeAll(async () => {
  lambda = await startDurableFunctions({
    port: await freePort(),
    region,
    credentials,
    functions: { waiter: { handler: waiter, callbacks: ["answer"] } },
  });
});
afterAll(() => lambda?.stop());

async function call(path: string, o: { body?: string; headers?: Record<string, string>; sign?: boolean } = {}) {
  const url = new URL(path, lambda.url);
  const headers = { host: url.host, ...o.headers };
  const signer = new SignatureV4({ service: "lambda", region, credentials, sha256: Sha256 });
  const signed =
    o.sign === false
      ? { headers }
      : await signer.sign({
          method: "POST",
          protocol: url.protocol,
          hostname: url.hostname,
          port: Number(url.port),
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers,
          body: o.body,
        });
  const response = await fetch(url, { method: "POST", headers: signed.headers, body: o.body });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const invoke = (name: string, payload: object, sign = true) =>
  call("/2015-03-31/functions/waiter/invocations?Qualifier=%24LATEST", {
    body: JSON.stringify(payload),
    headers: { "x-amz-invocation-type": "Event", ...(name ? { "x-amz-durable-execution-name": name } : {}) },
    sign,
  });
const succeed = (id: string, value: string) =>
  call(`/2025-12-01/durable-execution-callbacks/${encodeURIComponent(id)}/succeed`, { body: JSON.stringify(value) });

async function until<T>(read: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the local durable-function API", () => {
  it("starts an execution with an asynchronous invoke, and a callback success wakes it", async () => {
    const started = await invoke("answered", { name: "answered", seconds: 30 });
    expect(started.status).toBe(202);
    expect(started.headers.get("x-amz-durable-execution-arn")).toContain("answered");
    const id = await until(() => callbackIds.get("answered"));
    expect((await succeed(id, "yes")).status).toBe(200);
    await until(() => outcomes.get("answered"));
    expect(outcomes.get("answered")).toContain("answered");
    // Already answered: Lambda's "not found or completed" for a callback.
    expect((await succeed(id, "again")).status).toBe(404);
  });

  it("times a callback out when nobody answers", async () => {
    expect((await invoke("silent", { name: "silent", seconds: 1 })).status).toBe(202);
    await until(() => outcomes.get("silent"), 6000);
    expect(outcomes.get("silent")).toBe("timed out");
  });

  it("treats the same execution name as the same execution (a retried start)", async () => {
    const [first, second] = await Promise.all([
      invoke("twice", { name: "twice", seconds: 1 }),
      invoke("twice", { name: "twice", seconds: 1 }),
    ]);
    expect([first.status, second.status]).toEqual([202, 202]);
    await until(() => outcomes.get("twice"), 6000);
    expect(starts.get("twice")).toBe(1);
  });

  it("refuses what Lambda refuses: unsigned calls, unknown functions, unknown callbacks, no execution name", async () => {
    expect((await invoke("unsigned", { name: "unsigned", seconds: 1 }, false)).status).toBe(401);
    const unknown = await call("/2015-03-31/functions/nobody/invocations", {
      body: "{}",
      headers: { "x-amz-durable-execution-name": "x" },
    });
    expect(unknown.status).toBe(404);
    expect((await succeed("bm90LWEtY2FsbGJhY2s=", "x")).status).toBe(404);
    expect((await invoke("", { name: "nameless", seconds: 1 })).status).toBe(400);
    expect(starts.has("unsigned")).toBe(false);
    expect(starts.has("nameless")).toBe(false);
  });
});

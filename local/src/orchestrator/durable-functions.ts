/**
 * Lambda's durable-function API on this machine, for the offer chain (docs/decisions/0019): `Invoke` (asynchronous,
 * with `X-Amz-Durable-Execution-Name`) starts an execution, and `SendDurableExecutionCallbackSuccess`/`Failure` answer
 * the callback one waits on. Executions run on AWS's own local runner (`LocalDurableTestRunner` of
 * @aws/durable-execution-sdk-js-testing, real time, not skipped), not on an interpreter written here; this file only
 * speaks Lambda's REST paths, checks SigV4 as Lambda does, and finds the runner operation a callback id belongs to.
 * Executions live in memory: a stack killed mid-chain loses them, and the sweep's backstop ends those rides.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { DurableLambdaHandler } from "@aws/durable-execution-sdk-js";
import { LocalDurableTestRunner, WaitingOperationStatus } from "@aws/durable-execution-sdk-js-testing";
import { type Credentials, createSignatureVerifier } from "../live/sigv4";

export interface DurableFunction {
  handler: DurableLambdaHandler;
  /** The names of the callbacks it creates (`ctx.createCallback(name)`), so answers can find them. */
  callbacks: readonly string[];
}

export interface DurableFunctionsOptions {
  port: number;
  region: string;
  credentials: Credentials;
  /** By function name, as `Resource.<Link>.name` says. */
  functions: Record<string, DurableFunction>;
  log?: (line: string) => void;
}

export interface DurableFunctions {
  url: string;
  /** Executions still running. */
  running(): number;
  /** Durable operations (steps, callbacks, the execution itself) of the executions ended so far: what AWS bills. */
  operations(): number;
  /** Starts an execution of `functionName` directly (a restarted stack resuming its chains); false if one runs already. */
  start(functionName: string, executionName: string, payload: unknown): boolean;
  /** Resolves once every execution started so far has ended. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

type CallbackOperation = ReturnType<LocalDurableTestRunner<unknown>["getOperation"]>;

const invokePath = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const callbackPath = /^\/2025-12-01\/durable-execution-callbacks\/([^/]+)\/(succeed|fail)$/;
/** An answer may race the callback's registration by a few milliseconds: wait this long for it to appear. */
const callbackGraceMs = 2000;

export async function startDurableFunctions(o: DurableFunctionsOptions): Promise<DurableFunctions> {
  const log = o.log ?? (() => {});
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: false });
  const verify = createSignatureVerifier({ region: o.region, service: "lambda", credentials: o.credentials });
  const executions = new Map<string, Promise<void>>();
  const callbacks = new Map<string, CallbackOperation>();
  let ended = 0;
  let operations = 0;

  function start(name: string, fn: DurableFunction, payload: unknown): string {
    const runner = new LocalDurableTestRunner({ handlerFunction: fn.handler });
    const run = runner.run({ payload });
    const ids: string[] = [];
    for (const callback of fn.callbacks) {
      const operation = runner.getOperation(callback);
      operation
        .waitForData(WaitingOperationStatus.STARTED)
        .then(() => {
          const id = operation.getCallbackDetails()?.callbackId;
          if (id) callbacks.set(id, operation);
          if (id) ids.push(id);
        })
        .catch(() => {}); // a callback the execution never reached
    }
    const forget = () => {
      for (const id of ids) callbacks.delete(id);
    };
    executions.set(
      name,
      run.finally(forget).then(
        (result) => {
          ended++;
          operations += result.getOperations().length + 1;
          if (result.getStatus() !== "SUCCEEDED")
            log(`durable execution ${name}: ${result.getStatus()} ${JSON.stringify(result.getError() ?? "")}`);
        },
        (error: unknown) => {
          ended++;
          log(`durable execution ${name} failed: ${String(error)}`);
        },
      ),
    );
    return `arn:aws:lambda:${o.region}:000000000000:function:${name}/durable-execution/${name}`;
  }

  async function answer(id: string, outcome: string, body: string) {
    const deadline = Date.now() + callbackGraceMs;
    while (!callbacks.has(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const operation = callbacks.get(id);
    if (!operation) return false;
    callbacks.delete(id);
    try {
      if (outcome === "succeed") await operation.sendCallbackSuccess(body);
      else await operation.sendCallbackFailure({ ErrorMessage: body || "failed" });
      return true;
    } catch {
      return false; // it had timed out, or its execution ended
    }
  }

  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const reply = (status: number, payload: object, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(payload));
    };
    const verdict = await verify(request, body);
    if (!verdict.ok) return reply(verdict.status, { Type: "User", message: verdict.message });
    const path = new URL(request.url ?? "/", "http://local").pathname;
    const invoke = invokePath.exec(path);
    if (request.method === "POST" && invoke) {
      const name = decodeURIComponent(invoke[1] ?? "");
      const fn = o.functions[name];
      if (!fn) return reply(404, { Type: "User", message: `Function not found: ${name}` });
      const executionName = String(request.headers["x-amz-durable-execution-name"] ?? "");
      if (!executionName) return reply(400, { Type: "User", message: "X-Amz-Durable-Execution-Name is required." });
      // The same name twice is the same execution (a retried start), as Lambda treats it.
      const arn = executions.has(executionName)
        ? executionName
        : start(executionName, fn, JSON.parse(body.toString() || "{}"));
      return reply(202, {}, { "x-amz-durable-execution-arn": arn });
    }
    const callback = callbackPath.exec(path);
    if (request.method === "POST" && callback) {
      const found = await answer(decodeURIComponent(callback[1] ?? ""), callback[2] ?? "", body.toString());
      return found
        ? reply(200, {})
        : reply(404, { Type: "User", message: "The callback does not exist or has completed." });
    }
    reply(404, { Type: "User", message: "Not found" });
  });
  await new Promise<void>((resolve) => server.listen(o.port, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    running: () => executions.size - ended,
    start: (functionName, executionName, payload) => {
      const fn = o.functions[functionName];
      if (!fn) throw new Error(`no durable function ${functionName}`);
      if (executions.has(executionName)) return false;
      start(executionName, fn, payload);
      return true;
    },
    operations: () => operations,
    settled: async () => {
      await Promise.all(executions.values());
    },
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await LocalDurableTestRunner.teardownTestEnvironment().catch(() => {});
    },
  };
}

/**
 * Starts the whole local stack once for the e2e run (built web app included) and stops it afterwards. Tests run in
 * worker processes, so the faults they inject into the stack go through a small control server on 127.0.0.1 that
 * only this process can act on (support/stack-control.ts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startStack } from "@wildrydes/local/stack";
import { buildE2eWeb, e2ePorts } from "./build-site";

export default async function globalSetup() {
  // The handlers run in this process: keep their INFO logs and metrics lines out of the test report.
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
  const { root } = await buildE2eWeb();
  // The sweep every 2 s, so journeys that wait out a ride also see its ending made durable, as in the cloud.
  const stack = await startStack({ ports: e2ePorts, web: { root }, sweepEverySeconds: 2 });
  const control = http.createServer((request, response) => {
    if (request.method === "POST" && request.url === "/live/restart") {
      // Every live connection drops at once, as when the service restarts; it serves again on the same port.
      stack.live.restart().then(
        () => response.writeHead(204).end(),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  process.env.E2E_CONTROL_URL = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  process.env.WEB_URL = stack.endpoints.webUrl ?? "";
  process.env.E2E_ENDPOINTS = JSON.stringify(stack.endpoints);
  // Specs that need a stack of their own (fixtures.ts, `ownStack`) serve this same build: it holds no ports.
  process.env.E2E_WEB_ROOT = root;
  return async () => {
    await new Promise((resolve) => control.close(resolve));
    await stack.stop();
  };
}

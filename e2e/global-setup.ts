/** Starts the whole local stack once for the e2e run (built web app included) and stops it afterwards. */
import { startStack } from "@wildrydes/local/stack";
import { buildE2eWeb, e2ePorts } from "./build-site";

export default async function globalSetup() {
  // The handlers run in this process: keep their INFO logs and metrics lines out of the test report.
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
  const { root } = await buildE2eWeb();
  // The sweep every 2 s, so journeys that wait out a ride also see its ending made durable, as in the cloud.
  const stack = await startStack({ ports: e2ePorts, web: { root }, sweepEverySeconds: 2 });
  process.env.WEB_URL = stack.endpoints.webUrl ?? "";
  process.env.E2E_ENDPOINTS = JSON.stringify(stack.endpoints);
  return async () => {
    await stack.stop();
  };
}

/** Starts the whole local stack once for the e2e run (built web app included) and stops it afterwards. */
import { endpointsFor, startStack } from "@wildrydes/local/stack";
import { buildWeb } from "@wildrydes/local/web-build";

// Fixed ports, so the web build (which bakes in the API and Cognito URLs) is reused between runs.
const base = Number(process.env.E2E_PORT_BASE ?? 4310);
const ports = { web: base, api: base + 1, cognito: base + 2, dynamodb: base + 3 };

export default async function globalSetup() {
  // The handlers run in this process: keep their INFO logs and metrics lines out of the test report.
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
  const { root } = await buildWeb(endpointsFor(ports), (line) => console.log(`[web build] ${line}`));
  const stack = await startStack({ ports, web: { root } });
  process.env.WEB_URL = stack.endpoints.webUrl ?? "";
  process.env.E2E_ENDPOINTS = JSON.stringify(stack.endpoints);
  return async () => {
    await stack.stop();
  };
}

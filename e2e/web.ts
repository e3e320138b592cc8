/**
 * The web app as the e2e run serves it: built once for fixed local ports (the build bakes in the API and Cognito
 * URLs) and cached in .local/web. `npx tsx e2e/web.ts` builds it ahead of the tests, so the bundle checks in the
 * security suite have a real build to read.
 */
import { pathToFileURL } from "node:url";
import { endpointsFor } from "@wildrydes/local/stack";
import { buildWeb } from "@wildrydes/local/web-build";

const base = Number(process.env.E2E_PORT_BASE ?? 4310);
export const e2ePorts = { web: base, api: base + 1, cognito: base + 2, dynamodb: base + 3 };

export function buildE2eWeb() {
  return buildWeb(endpointsFor(e2ePorts), (line) => console.log(`[web build] ${line}`));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { root, cached } = await buildE2eWeb();
  console.log(`[web build] ${cached ? "reused" : "built"} ${root}`);
}

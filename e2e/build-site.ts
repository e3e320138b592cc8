/**
 * The web app as the e2e run serves it: the same build `npm start` uses (it holds no ports; the app calls `/api`,
 * `/cognito` and `/event` on its own origin), cached in .local/web. `npx tsx e2e/build-site.ts` builds it ahead of the tests, so the
 * bundle checks in the security suite have a real build to read.
 */
import { pathToFileURL } from "node:url";
import { buildWeb } from "@wildrydes/local/site/web-build";
import { endpointsFor } from "@wildrydes/local/stack";

// Free ports by default (runs side by side never collide); E2E_PORT_BASE pins them, e.g. to debug against a browser.
const base = Number(process.env.E2E_PORT_BASE ?? 0);
const pinned = (offset: number) => (base ? base + offset : 0);
export const e2ePorts = { web: pinned(0), api: pinned(1), cognito: pinned(2), dynamodb: pinned(3), events: pinned(4) };

export function buildE2eWeb() {
  return buildWeb(endpointsFor(e2ePorts), (line) => console.log(`[web build] ${line}`));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { root, cached } = await buildE2eWeb();
  console.log(`[web build] ${cached ? "reused" : "built"} ${root}`);
}

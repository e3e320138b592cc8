#!/usr/bin/env node
/**
 * Copies MapLibre's CSP worker into public/ before a build, named after its version, so the map spawns its worker
 * from the site's own origin (CSP worker-src 'self', no blob:) and an upgrade never meets a cached old worker.
 * components/RideMap.tsx builds the same name from maplibregl.getVersion().
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const packageJson = require.resolve("maplibre-gl/package.json");
const { version } = JSON.parse(readFileSync(packageJson, "utf8"));
const publicDir = join(dirname(fileURLToPath(import.meta.url)), "../public");
const name = `maplibre-gl-csp-worker-${version}.js`;

for (const old of readdirSync(publicDir)) {
  if (old.startsWith("maplibre-gl-csp-worker-") && old !== name) rmSync(join(publicDir, old));
}
// Without its source map comment: the .map is not served, so a browser's devtools would only get a 404 for it.
const worker = readFileSync(join(dirname(packageJson), "dist/maplibre-gl-csp-worker.js"), "utf8");
writeFileSync(join(publicDir, name), worker.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"));

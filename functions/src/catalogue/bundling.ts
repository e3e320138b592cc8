/**
 * How every handler is built, once: the `nodejs` options infra/functions.ts gives each SST function, and the esbuild
 * options SST 4 derives from them (its Go `Runtime.Build`), so the bench measures exactly what a deploy ships.
 */
import type { BuildOptions } from "esbuild";

/**
 * SST's `nodejs` settings. Nothing is external: the AWS SDK v3 is bundled (AWS's advice for cold starts — one
 * tree-shaken build instead of resolving the runtime's copy module by module), so `install` and `esbuild.external`
 * stay empty. Split: what loads only on demand (the SDK's unused credential providers, the logger's first line) is a
 * chunk of its own, so a cold start neither reads nor parses it (decision 0025).
 */
export const nodejs = {
  format: "esm",
  minify: true,
  sourcemap: false,
  splitting: true,
  install: [] as string[],
  esbuild: { target: "node22", external: [] as string[] },
} as const;

export type NodeJsOptions = typeof nodejs;

/** SST always leaves these out of the bundle (native modules). */
const forceExternal = ["sharp", "pg-native"];

/** The banner SST puts before every ESM bundle: `require`, `__filename` and `__dirname` for CommonJS dependencies. */
const esmBanner = [
  "import { createRequire as topLevelCreateRequire } from 'module';",
  "const require = topLevelCreateRequire(import.meta.url);",
  'import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"',
  "const __filename = topLevelFileUrlToPath(import.meta.url)",
  'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))',
];

/**
 * The esbuild options SST 4.17 builds a deployed (not `sst dev`) handler with, from its `nodejs` settings. Split, it
 * writes to a directory (`outdir`, given by the caller) with `.mjs` files, the handler's named after its source.
 */
export function esbuildOptions(options: NodeJsOptions = nodejs): BuildOptions {
  return {
    bundle: true,
    platform: "node",
    format: options.format,
    target: options.esbuild.target,
    mainFields: ["module", "main"],
    keepNames: true,
    external: [...forceExternal, ...options.install, ...options.esbuild.external],
    minify: options.minify,
    sourcemap: options.sourcemap,
    splitting: options.splitting,
    ...(options.splitting ? { outExtension: { ".js": ".mjs" } } : {}),
    banner: { js: [...esmBanner, ""].join("\n") },
    metafile: true,
  };
}

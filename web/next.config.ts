import type { NextConfig } from "next";
import type { webpack } from "next/dist/compiled/webpack/webpack";

/**
 * Chrome's explicit compile hint (Chrome 136+): V8 compiles every function of these scripts while they stream in, on
 * a background thread, instead of on the main thread the first time each is called. The page's start-up chunks are
 * nearly all called on load; other browsers read a comment.
 */
const compileHint = "//# allFunctionsCalledOnLoad\n";
const startupChunk = /^(webpack|framework|main|pages\/.+)$/;

function compileHints(compiler: webpack.Compiler) {
  const { Compilation, sources } = compiler.webpack;
  compiler.hooks.thisCompilation.tap("CompileHints", (compilation: webpack.Compilation) => {
    // After minification, which would drop the comment, and before the files are named by their content.
    compilation.hooks.processAssets.tap(
      { name: "CompileHints", stage: Compilation.PROCESS_ASSETS_STAGE_DEV_TOOLING },
      () => {
        for (const chunk of compilation.chunks) {
          if (!startupChunk.test(chunk.name ?? "")) continue;
          for (const file of chunk.files) {
            if (file.endsWith(".js"))
              compilation.updateAsset(file, (source: unknown) => new sources.ConcatSource(compileHint, source));
          }
        }
      },
    );
  });
}

/**
 * A page's start-up JS stays webpack's runtime, the framework, `main`, `_app` and the page's own chunk: webpack's
 * default groups would otherwise move code two pages share (the ride page's and the unicorn page's clock, places and
 * map wrapper) into a chunk of its own once it passes 20 kB, adding a request and about 1.3 kB gzip to a page that
 * gained nothing, without the compile hint above (named chunks only). Chunks loaded on demand still share theirs.
 */
function keepPagesWhole(config: webpack.Configuration) {
  const split = config.optimization?.splitChunks;
  if (!split) return;
  split.cacheGroups = {
    ...split.cacheGroups,
    default: { chunks: "async", minChunks: 2, priority: -20, reuseExistingChunk: true },
    defaultVendors: { chunks: "async", test: /[\\/]node_modules[\\/]/, priority: -10, reuseExistingChunk: true },
  };
}

// A static export: CloudFront/S3 in the cloud and a plain static server locally serve web/out.
const nextConfig: NextConfig = {
  output: "export",
  // /signin/ -> out/signin/index.html, which S3 and simple static servers resolve without rewrites.
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
  // core ships TypeScript (exports "./*": "./src/*.ts"); the web imports only its browser-safe modules.
  transpilePackages: ["@wildrydes/core"],
  webpack(config, { isServer, dev }) {
    if (!isServer && !dev) {
      config.plugins.push({ apply: compileHints });
      keepPagesWhole(config);
    }
    return config;
  },
};

export default nextConfig;

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
    if (!isServer && !dev) config.plugins.push({ apply: compileHints });
    return config;
  },
};

export default nextConfig;

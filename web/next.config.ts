import type { NextConfig } from "next";

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
};

export default nextConfig;

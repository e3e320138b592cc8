/** The gzip size of the JS a page's HTML loads initially: its <script src>, minus nomodule polyfills. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const attr = (tag, name) => new RegExp(`\\s${name}(?:=(?:"([^"]*)"|'([^']*)'|([^\\s>]+)))?`, "i").exec(tag);

const gzipCache = new Map();
export function gzipBytes(outDir, src) {
  const key = `${outDir}\0${src}`;
  if (!gzipCache.has(key)) {
    const path = join(outDir, decodeURIComponent(new URL(src, "http://site/").pathname));
    gzipCache.set(key, gzipSync(readFileSync(path), { level: 9 }).length);
  }
  return gzipCache.get(key);
}

/** Script tags of one HTML page: `external` are loaded files, `inline` executable inline bodies (CSP would block). */
export function scriptsOf(html) {
  const external = [];
  let inline = 0;
  for (const [, tag, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attr(tag, "src");
    const type = attr(tag, "type");
    const typeValue = type ? (type[1] ?? type[2] ?? type[3] ?? "").toLowerCase() : "";
    if (!src) {
      if (typeValue !== "application/json" && body.trim() !== "") inline += 1;
      continue;
    }
    if (attr(tag, "nomodule")) continue;
    external.push(src[1] ?? src[2] ?? src[3]);
  }
  return { external, inline };
}

export function initialJsBytes(outDir, htmlFile) {
  const { external } = scriptsOf(readFileSync(htmlFile, "utf8"));
  return external.reduce((sum, src) => sum + gzipBytes(outDir, src), 0);
}

#!/usr/bin/env node
/**
 * Checks web/out after `next build`: the gzip size of the JS each page loads initially (the sum of the <script src>
 * in its HTML, without nomodule polyfills that modern browsers skip), against a budget; and that no page has an
 * inline executable <script>, a <style> tag or a style="" attribute, which the CSP (script-src/style-src 'self')
 * would block. Usage: node scripts/page-weight.mjs [outDir] [--budget-kb=170]. Exits 1 on any failure.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipBytes, scriptsOf } from "./initial-js.mjs";

const args = process.argv.slice(2);
const outDir = resolve(args.find((a) => !a.startsWith("--")) ?? join(fileURLToPath(import.meta.url), "../../out"));
const budgetKb = Number(args.find((a) => a.startsWith("--budget-kb="))?.split("=")[1] ?? 170);

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "_next" ? [] : htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

const problems = [];
const rows = [];
for (const file of htmlFiles(outDir).sort()) {
  const page = `/${relative(outDir, file)}`;
  const html = readFileSync(file, "utf8");
  const { external, inline } = scriptsOf(html);
  if (inline > 0) problems.push(`${page}: inline executable <script>`);
  const js = external.reduce((sum, src) => sum + gzipBytes(outDir, src), 0);
  const count = external.length;
  if (/<style[\s>]/i.test(html)) problems.push(`${page}: inline <style> tag`);
  if (/<[a-z][^>]*\sstyle=/i.test(html)) problems.push(`${page}: style="" attribute`);
  const kb = js / 1000;
  if (kb > budgetKb) problems.push(`${page}: ${kb.toFixed(1)} kB gzip initial JS is over the ${budgetKb} kB budget`);
  rows.push({ page, scripts: count, "initial JS (kB gzip)": Number(kb.toFixed(1)) });
}

if (rows.length === 0) {
  console.error(`No HTML found in ${outDir}: run the build first.`);
  process.exit(1);
}
console.table(rows);
for (const problem of problems) console.error(`FAIL ${problem}`);
if (problems.length === 0) console.log(`OK: ${rows.length} pages within ${budgetKb} kB, no inline scripts or styles`);
else console.error(`${problems.length} problem(s) in ${outDir}`);
process.exit(problems.length === 0 ? 0 : 1);

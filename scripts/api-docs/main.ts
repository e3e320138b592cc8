/**
 * Rewrites the generated block of docs/api.md (between `<!-- openapi:start -->` and `<!-- openapi:end -->`) from
 * the OpenAPI document. `--check` only reports whether the block is current (exit 1 when it is not).
 *   npx tsx scripts/api-docs/main.ts [--check]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "../../functions/src/catalogue/openapi";
import { generatedBlock, renderApiReference, withGeneratedBlock } from "./reference";

const file = fileURLToPath(new URL("../../docs/api.md", import.meta.url));
const markdown = readFileSync(file, "utf8");
const block = renderApiReference(openApiDocument());

if (generatedBlock(markdown) === block) {
  console.log("docs/api.md is up to date with the OpenAPI document.");
} else if (process.argv.includes("--check")) {
  console.error("docs/api.md is out of date with the OpenAPI document: run `npx tsx scripts/api-docs/main.ts`.");
  process.exitCode = 1;
} else {
  writeFileSync(file, withGeneratedBlock(markdown, block));
  console.log("docs/api.md: the OpenAPI block was rewritten.");
}

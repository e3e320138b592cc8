import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../functions/src/catalogue/openapi";
import { routes } from "../../functions/src/catalogue/routes";
import { endMarker, generatedBlock, renderApiReference, startMarker, withGeneratedBlock } from "./reference";

const apiMd = readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8");
const regenerate = "docs/api.md is out of date with the OpenAPI document: run `npx tsx scripts/api-docs/main.ts`";

describe("docs/api.md", () => {
  it("carries the reference generated from the OpenAPI document as it is now", () => {
    const block = generatedBlock(apiMd);
    expect(block, `docs/api.md needs the markers ${startMarker} and ${endMarker}`).not.toBeNull();
    expect(block, regenerate).toBe(renderApiReference(openApiDocument()));
  });

  it("lists every route of the route table", () => {
    const block = renderApiReference(openApiDocument());
    for (const route of routes) expect(block).toContain(`| ${route.method} | \`${route.path}\` |`);
  });

  it("rewrites only the block between the markers", () => {
    const doc = `intro\n${startMarker}\nold\n${endMarker}\noutro\n`;
    expect(withGeneratedBlock(doc, "new")).toBe(`intro\n${startMarker}\nnew\n${endMarker}\noutro\n`);
    expect(generatedBlock(withGeneratedBlock(doc, "new"))).toBe("new");
  });
});

/** The built pages' start-up scripts carry Chrome's compile hint (next.config.ts); the lazily loaded chunks do not. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { latestBuild } from "@wildrydes/local/site/web-build";
import { describe, expect, it } from "vitest";

const hint = "//# allFunctionsCalledOnLoad\n";
const build = latestBuild() ?? "";
const firstLine = (src: string) => readFileSync(path.join(build, src), "utf8").slice(0, hint.length);

describe.skipIf(!build)("compile hints in the newest web build", () => {
  it.each(["index.html", "ride/index.html", "signin/index.html"])("%s: each start-up script starts with it", (page) => {
    const html = readFileSync(path.join(build, page), "utf8");
    // Next's own scripts, less the polyfills only old browsers load (nomodule).
    const tags = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? "").filter((t) => !/\snomodule/i.test(t));
    const startup = tags.flatMap((t) => /\ssrc="(\/_next\/static\/chunks\/[^"]+)"/.exec(t)?.[1] ?? []);
    expect(startup.length).toBeGreaterThanOrEqual(4);
    for (const src of startup) expect(firstLine(src), src).toBe(hint);
  });

  it("leaves the chunks loaded on demand (the map library, Amplify) without it", () => {
    const lazy = readdirSync(path.join(build, "_next/static/chunks")).filter((f) => /^\d+\.[0-9a-f]+\.js$/.test(f));
    expect(lazy.length).toBeGreaterThan(0);
    for (const file of lazy) expect(firstLine(`/_next/static/chunks/${file}`), file).not.toBe(hint);
  });
});

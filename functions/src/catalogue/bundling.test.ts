import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, expect, it } from "vitest";
import { esbuildOptions } from "./bundling";

const outdir = mkdtempSync(path.join(tmpdir(), "wildrydes-bundle-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The rating handler built as a deploy builds it: its entry file's text, and every file written. */
async function ratingBundle() {
  const entry = path.resolve(import.meta.dirname, "../handlers/rides/rating.ts");
  const { metafile } = await build({ ...esbuildOptions(), entryPoints: [entry], outdir, logLevel: "silent" });
  const outputs = Object.entries(metafile?.outputs ?? {});
  const [file = ""] = outputs.find(([, o]) => o.entryPoint && path.resolve(o.entryPoint) === entry) ?? [];
  return { handler: readFileSync(file, "utf8"), files: outputs.map(([name]) => name) };
}

// Decision 0025: a cold start neither builds the schemas other routes parse with nor parses the logger or messages.
it("bundles a handler with its own request schema only, and the logger and messages in chunks of their own", async () => {
  const { handler, files } = await ratingBundle();
  // Booleans, not toContain: a failure would print a 400 KB bundle.
  expect(handler.includes("a rating is a whole number from 1 to 5")).toBe(true);
  // GET /ops/metrics's and the workshop's schemas (their messages) stay out of the rating handler's bundle.
  const everything = files.map((f) => readFileSync(f, "utf8")).join("\n");
  expect(everything.includes("an ISO 8601 instant with seconds and a time zone")).toBe(false);
  expect(everything.includes("use 1 to 64 letters, digits, _ or -")).toBe(false);
  // Powertools' logger is imported on a first log line only: split, it is not in the file a cold start reads.
  expect(handler.includes("POWERTOOLS_LOG_LEVEL")).toBe(false);
  expect(everything.includes("POWERTOOLS_LOG_LEVEL")).toBe(true);
  // zod's English messages are loaded with a first refusal only, likewise.
  expect(handler.includes("Unrecognized key")).toBe(false);
  expect(everything.includes("Unrecognized key")).toBe(true);
  expect(files.every((f) => f.endsWith(".mjs"))).toBe(true);
}, 60_000);

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, expect, it } from "vitest";
import { esbuildOptions } from "./bundling";

const outdir = mkdtempSync(path.join(tmpdir(), "wildrydes-bundle-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * A handler built as a deploy builds it: its entry file's text, what a cold start reads (the entry and the chunks it
 * imports statically), and every file written.
 */
async function bundleOf(handler: string) {
  const entry = path.resolve(import.meta.dirname, `../handlers/${handler}.ts`);
  const dir = mkdtempSync(path.join(outdir, "h-"));
  const { metafile } = await build({ ...esbuildOptions(), entryPoints: [entry], outdir: dir, logLevel: "silent" });
  const outputs = metafile?.outputs ?? {};
  const [file = ""] =
    Object.entries(outputs).find(([, o]) => o.entryPoint && path.resolve(o.entryPoint) === entry) ?? [];
  const [read, todo] = [new Set<string>(), [file]];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (read.has(f)) continue;
    read.add(f);
    todo.push(
      ...(outputs[f]?.imports ?? [])
        .filter((i) => i.kind === "import-statement" && i.path in outputs)
        .map((i) => i.path),
    );
  }
  const text = (files: string[]) => files.map((f) => readFileSync(f, "utf8")).join("\n");
  return { handler: readFileSync(file, "utf8"), atStart: text([...read]), files: Object.keys(outputs) };
}

const ratingBundle = () => bundleOf("rides/rating");

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

// The ride store is four modules, and the offer chain loads only for a ride that waits on a crew (decision 0025).
it("starts a reading route without the booking code, and a cancel or a sweep without the offer chain", async () => {
  const [list, cancel, sweep] = [
    await bundleOf("rides/list"),
    await bundleOf("rides/cancel"),
    await bundleOf("schedules/sweep"),
  ];
  const booking = "SET activeRideId = :rideId, activeUntil = :until"; // the rider's marker, taken by a booking
  const offerChain = "offers = :count, offeredTo = list_append(offeredTo, :name)"; // the chain's next offer
  const chainClient = "durable-execution-callbacks"; // waking the chain through Lambda's API
  expect(list.files.map((f) => readFileSync(f, "utf8")).some((text) => text.includes(booking))).toBe(false);
  expect(list.atStart.includes(offerChain)).toBe(false);
  // A cancel reads neither at start; both are in chunks of its own for a ride still dispatching (the sweep: the store).
  const everything = cancel.files.map((f) => readFileSync(f, "utf8")).join("\n");
  expect(sweep.atStart.includes(offerChain)).toBe(false);
  expect(sweep.files.map((f) => readFileSync(f, "utf8")).some((text) => text.includes(offerChain))).toBe(true);
  for (const code of [offerChain, chainClient]) {
    expect(cancel.atStart.includes(code)).toBe(false);
    expect(everything.includes(code)).toBe(true);
  }
}, 60_000);

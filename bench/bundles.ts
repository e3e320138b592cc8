// Every handler bundled exactly as a deploy bundles it (functions/src/catalogue/bundling.ts, the options infra/functions.ts
// gives SST), and baselines bundled the same way: an empty handler, and for each handler a fair one that creates the
// bare SDK and makes the calls that handler's cold start was recorded making (cold-runner.mjs).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { esbuildOptions } from "@wildrydes/functions/catalogue/bundling";
import { routes, schedules } from "@wildrydes/functions/catalogue/routes";
import { subscriptions } from "@wildrydes/functions/catalogue/subscriptions";
import { build } from "esbuild";
import { root, workDir } from "./dynamo";

/** name: "POST /rides", "Sweep", "subscriber RiderTotals", or a baseline's name; file: its entry; sizeKb: every file. */
export type Bundle = { name: string; file: string; sizeKb: number };
/** A call as sent: its operation (or fetch), its body, and whether it went while the one before was in flight. */
export type Call = { op: string; body: string; parallel: boolean };

async function bundle(name: string, source: { entry: string } | { code: string }): Promise<Bundle> {
  const dir = path.join(workDir, name.replace(/[^\w]+/g, "-"));
  const entry = "entry" in source ? source.entry : path.join(dir, "source.ts");
  rmSync(path.join(dir, "out"), { recursive: true, force: true }); // no chunk left from an earlier build
  mkdirSync(dir, { recursive: true });
  if ("code" in source) writeFileSync(entry, source.code);
  const outdir = path.join(dir, "out");
  const { metafile } = await build({ ...esbuildOptions(), entryPoints: [entry], outdir, logLevel: "silent" });
  const outputs = Object.entries(metafile?.outputs ?? {});
  // Each dynamic import is an entry point too: the handler's is the one built from `entry`.
  const [file = ""] = outputs.find(([, o]) => o.entryPoint && path.resolve(o.entryPoint) === path.resolve(entry)) ?? [];
  const sizeKb = outputs.reduce((sum, [, o]) => sum + o.bytes, 0) / 1024; // the deployed zip holds every chunk
  return { name, file: path.resolve(file), sizeKb };
}

/** `functions/src/handlers/rides/get.handler` → the TypeScript file it names. */
const sourceOf = (handler: string) => path.join(root, `${handler.slice(0, handler.lastIndexOf("."))}.ts`);

export async function buildHandlers(skip: (name: string) => boolean) {
  const entries = [
    ...routes.map((r) => ({ name: `${r.method} ${r.path}`, handler: r.handler })),
    ...schedules.map((s) => ({ name: s.name, handler: s.handler })),
    ...subscriptions.map((s) => ({ name: `subscriber ${s.name}`, handler: s.handler })),
  ].filter((e) => !skip(e.name));
  const empty = 'export const handler = async () => ({ statusCode: 200, body: "{}" });\n';
  const handlers = await Promise.all(entries.map((e) => bundle(e.name, { entry: sourceOf(e.handler) })));
  return { handlers, empty: await bundle("baseline empty", { code: empty }) };
}

/**
 * The same calls in the same order, concurrent where they were; a refusal (a condition failed on replay) is fine. A
 * fetch (a publish to the Event API or Firehose) is sent as the handlers send it, signed by the SDK's own signer.
 */
export function fairBaseline(name: string, calls: Call[]): Promise<Bundle> {
  const ops = [...new Set(calls.map((c) => c.op))].filter((op) => op !== "fetch");
  const batches: [string, unknown][][] = [];
  for (const c of calls) {
    if (!c.parallel || batches.length === 0) batches.push([]);
    batches.at(-1)?.push([c.op, JSON.parse(c.body)]);
  }
  const dynamodb = `import { DynamoDBClient, ${ops.map((o) => `${o}Command`).join(", ")} } from "@aws-sdk/client-dynamodb";
const db = new DynamoDBClient({});`;
  const signed = `import { signedFetch } from "${path.join(root, "functions/src/edge/signed-fetch.ts")}";`;
  const code = `${ops.length ? dynamodb : ""}
${calls.some((c) => c.op === "fetch") ? signed : ""}
const commands = { ${ops.map((o) => `${o}: ${o}Command`).join(", ")} };
const send = ([op, input]) => op === "fetch" ? signedFetch(input.service, new URL(input.url), input).then((r) => r.text())
  : db.send(new commands[op](input));
const batches = ${JSON.stringify(batches)};
export const handler = async () => {
  for (const batch of batches) await Promise.all(batch.map((call) => send(call).catch(() => {})));
  return { statusCode: 200, body: "{}" };
};
`;
  return bundle(`fair baseline ${name}`, { code });
}

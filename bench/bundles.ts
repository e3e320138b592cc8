// Every handler bundled exactly as a deploy bundles it (functions/src/catalogue/bundling.ts, the options infra/functions.ts
// gives SST), and two baselines bundled the same way: a handler that does nothing, and one that only creates the
// DynamoDB document client and reads one item.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { esbuildOptions } from "@wildrydes/functions/catalogue/bundling";
import { routes, schedules } from "@wildrydes/functions/catalogue/routes";
import { subscriptions } from "@wildrydes/functions/catalogue/subscriptions";
import { build } from "esbuild";
import { root, workDir } from "./dynamo";

/** name: "POST /rides", "Sweep", "subscriber RiderTotals", or a baseline's name. */
export type Bundle = { name: string; file: string; sizeKb: number };

const baselineSources = {
  empty: 'export const handler = async () => ({ statusCode: 200, body: "{}" });\n',
  getitem: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => {
  const { name } = JSON.parse(process.env.SST_RESOURCE_Table ?? "{}");
  await db.send(new GetCommand({ TableName: name, Key: { pk: "NONE", sk: "NONE" } }));
  return { statusCode: 200, body: "{}" };
};
`,
};

async function bundle(name: string, entry: string): Promise<Bundle> {
  const file = path.join(workDir, name.replace(/[^\w]+/g, "-"), "index.mjs");
  const result = await build({ ...esbuildOptions(), entryPoints: [entry], outfile: file, logLevel: "silent" });
  const bytes = Object.values(result.metafile?.outputs ?? {})[0]?.bytes ?? 0;
  return { name, file, sizeKb: bytes / 1024 };
}

/** `functions/src/handlers/rides/get.handler` → the TypeScript file it names. */
const sourceOf = (handler: string) => path.join(root, `${handler.slice(0, handler.lastIndexOf("."))}.ts`);

export async function buildBundles() {
  mkdirSync(workDir, { recursive: true });
  const entries = [
    ...routes.map((r) => ({ name: `${r.method} ${r.path}`, handler: r.handler })),
    ...schedules.map((s) => ({ name: s.name, handler: s.handler })),
    ...subscriptions.map((s) => ({ name: `subscriber ${s.name}`, handler: s.handler })),
  ];
  const handlers = await Promise.all(entries.map((e) => bundle(e.name, sourceOf(e.handler))));
  const baseline = async (name: keyof typeof baselineSources) => {
    writeFileSync(path.join(workDir, `baseline-${name}.ts`), baselineSources[name]);
    return bundle(`baseline ${name}`, path.join(workDir, `baseline-${name}.ts`));
  };
  return { handlers, baselines: { empty: await baseline("empty"), getitem: await baseline("getitem") } };
}

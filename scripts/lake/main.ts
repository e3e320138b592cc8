/**
 * `backfill-lake`: rebuilds the ride-events lake from the table (./backfill.ts).
 *   In the cloud, with the stage's resources linked:  npx sst shell --stage <stage> -- npx tsx scripts/lake/main.ts
 *   Locally, on the data `npm start -- --persist` keeps (.local/data into .local/lake; the stack may be running):
 *     npx tsx scripts/lake/main.ts --local
 * Locally the rows go through Firehose's stand-in, as the stack's subscriber's do, into the same Parquet layout.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Resource } from "sst";
import { backfillLake } from "./backfill";

const root = fileURLToPath(new URL("../..", import.meta.url));
const local = process.argv.includes("--local");
const log = (line: string) => console.log(line);

if (local) {
  const endpointsFile = path.join(root, ".local", "endpoints.json");
  if (!existsSync(endpointsFile)) {
    console.error("No .local/endpoints.json: run `npm start -- --persist` once first, so there is a table to read.");
    process.exit(2);
  }
  const endpoints = JSON.parse(readFileSync(endpointsFile, "utf8"));
  const { useHandlerEnvironment, localCredentials, localDeliveryStream } = await import(
    "@wildrydes/local/plumbing/handler-environment"
  );
  const { startFirehose } = await import("@wildrydes/local/lake/firehose");
  const firehose = await startFirehose({
    port: 0,
    region: endpoints.region,
    credentials: localCredentials,
    lakeDir: path.join(root, ".local", "lake"),
    partitionBy: "arrival-day",
    log,
  });
  useHandlerEnvironment({ ...endpoints, stage: "local", firehoseUrl: firehose.url });
  try {
    const done = await backfillLake(localDeliveryStream, log);
    log(`Back-filled ${done.rides} rides into .local/lake (${done.refused} refused).`);
  } finally {
    await firehose.stop();
  }
} else {
  const done = await backfillLake(Resource.Lake.deliveryStream, log);
  log(`Back-filled ${done.rides} rides into ${Resource.Lake.deliveryStream} (${done.refused} refused).`);
  log("Firehose writes them within its 60 s buffer; Athena reads them once written.");
}

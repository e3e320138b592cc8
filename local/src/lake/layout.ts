/**
 * Where the local lake keeps its files, as the bucket does in the cloud: `<lakeDir>/ride_changes/dt=YYYY-MM-DD/*.parquet`
 * (Hive-style partitions: `dt` is the folder, not a column of the files), and what Firehose could not convert under
 * `<lakeDir>/errors/ride_changes/`. Written by the Firehose stand-in (./firehose.ts), read by DuckDB.
 */
import path from "node:path";

/** The table's folder under the lake. */
export const rideChangesTable = "ride_changes";

export const rideChangesDir = (lakeDir: string) => path.join(lakeDir, rideChangesTable);

/** A day's partition: `dt=YYYY-MM-DD`. */
export const partitionDir = (lakeDir: string, dt: string) => path.join(rideChangesDir(lakeDir), `dt=${dt}`);

/**
 * Records the conversion to Parquet refused, one JSON line each, by the day they arrived: the cloud's error output
 * (`errors/ride_changes/!{firehose:error-output-type}/dt=…/`, infra/lake.ts), away from what queries read.
 */
export const conversionErrorsDir = (lakeDir: string) =>
  path.join(lakeDir, "errors", rideChangesTable, "format-conversion-failed");

/** Files being written; renamed into place only once whole, so a reader never sees half a file. */
export const stagingDir = (lakeDir: string) => path.join(lakeDir, ".staging");

/** A string as an SQL literal. */
export const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * The ride changes as a DuckDB table expression. `dt` is read as the VARCHAR it is in the Glue table: left to itself,
 * DuckDB would turn a `dt=2030-01-01` folder into a DATE. It fails on a lake with no files yet.
 */
export const rideChangesSource = (lakeDir: string) =>
  `read_parquet(${sqlString(path.join(rideChangesDir(lakeDir), "**", "*.parquet"))}, hive_partitioning = true, hive_types = {'dt': VARCHAR})`;

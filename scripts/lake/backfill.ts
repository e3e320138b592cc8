/**
 * Rebuilds the ride-events lake from the table (issue 23): every ride's current state, as one row each, sent to the
 * lake's Firehose stream like the RideLake subscriber's rows. Rows are keyed `backfill:<ride>:<status>:<rating>`, so
 * running it twice adds nothing the queries count twice (they keep each ride's latest change), and a lake rebuilt
 * from an empty folder answers GET /ops/metrics as the table would. It reads the table with a paginated Scan: the
 * rides of a reference stage fit; a DynamoDB export to S3 needs point-in-time recovery, which dev stages leave off.
 */
import { paginateScan } from "@aws-sdk/lib-dynamodb";
import { latestStampOf, toRideChangeRow } from "@wildrydes/core/lake/ride-change";
import { Db } from "@wildrydes/core/store/db";
import type { RideItem } from "@wildrydes/core/store/ride-item";
import { putRecords } from "@wildrydes/functions/edge/firehose";

export interface Backfilled {
  rides: number;
  refused: number;
}

/** Sends every ride of the table to `deliveryStream`, a Scan page at a time. */
export async function backfillLake(
  deliveryStream: string,
  log: (line: string) => void = () => {},
): Promise<Backfilled> {
  const result: Backfilled = { rides: 0, refused: 0 };
  const scan = {
    TableName: Db.tableName(),
    FilterExpression: "kind = :ride",
    ExpressionAttributeValues: { ":ride": "ride" },
  };
  for await (const page of paginateScan({ client: Db.documents() }, scan)) {
    const rides = (page.Items ?? []) as RideItem[];
    const rows = rides.map((ride) => toRideChangeRow(ride, backfillId(ride), latestStampOf(ride)));
    const outcomes = await putRecords(deliveryStream, rows);
    result.rides += rides.length;
    result.refused += outcomes.filter((outcome) => outcome !== null).length;
    if (rides.length > 0) log(`sent ${result.rides} rides so far`);
  }
  return result;
}

const backfillId = (ride: RideItem) => `backfill:${ride.rideId}:${ride.status}:${ride.rating ?? ""}`;

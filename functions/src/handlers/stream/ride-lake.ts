/**
 * Stream subscriber: every stored change of a ride becomes a row of the ride-events lake (core/src/lake/ride-change.ts),
 * sent to the lake's Firehose stream, which writes it as Parquet by day. A redelivered record sends its row again with
 * the same event id: the lake keeps both and its queries count each event id once.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { latestStampOf, toRideChangeRow } from "@wildrydes/core/lake/ride-change";
import type { RideItem } from "@wildrydes/core/store/ride-item";
import { Resource } from "sst";
import { firehoseSubscriber } from "../../edge/firehose";

export const handler = firehoseSubscriber(
  () => Resource.Lake.deliveryStream,
  (record) => {
    const image = record.dynamodb?.NewImage;
    if (!record.eventID || !image) throw new Error("a stream record without an eventID or a new image");
    const ride = unmarshall(image as Parameters<typeof unmarshall>[0]) as RideItem;
    // The record's time is approximate (whole seconds in DynamoDB, coarser in DynamoDB Local); the ride's own latest
    // stamp is exact, and a change is never older than it.
    const created = record.dynamodb?.ApproximateCreationDateTime;
    const approximate = created === undefined ? 0 : Math.round(created * 1000);
    return toRideChangeRow(ride, record.eventID, Math.max(approximate, latestStampOf(ride)));
  },
);

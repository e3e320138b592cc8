/**
 * What every stream subscriber shares: Powertools' batch processor for partial batch responses (only the records
 * that failed are retried), in order, one record at a time, with the ride's new image unmarshalled.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { RideItem } from "@wildrydes/core/store/ride-item";
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { flushMetrics } from "./metrics";

export interface RideChange {
  ride: RideItem;
  before: Partial<RideItem>;
}

export function rideSubscriber(onChange: (change: RideChange) => Promise<unknown>) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const record = async (r: DynamoDBRecord) => {
    const image = (i: unknown) => (i ? unmarshall(i as Parameters<typeof unmarshall>[0]) : {});
    await onChange({ ride: image(r.dynamodb?.NewImage) as RideItem, before: image(r.dynamodb?.OldImage) });
  };
  return async (event: DynamoDBStreamEvent, context: Context) => {
    try {
      return await processPartialResponse(event, record, processor, { context, processInParallel: false });
    } finally {
      flushMetrics();
    }
  };
}

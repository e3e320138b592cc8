/**
 * What every stream subscriber shares: Powertools' batch processor for partial batch responses (only the records
 * that failed are retried), in order, one record at a time, with the ride's new image unmarshalled.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { RideItem } from "@wildrydes/core/store/ride-item";
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { flushMetrics } from "./metrics";

export interface Change<T> {
  item: T;
  before: Partial<T>;
}

export interface RideChange {
  ride: RideItem;
  before: Partial<RideItem>;
}

/** A subscriber over any item kind: each record's new and old images, unmarshalled, one at a time and in order. */
export function itemSubscriber<T>(onChange: (change: Change<T>) => Promise<unknown>) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const record = async (r: DynamoDBRecord) => {
    const image = (i: unknown) => (i ? unmarshall(i as Parameters<typeof unmarshall>[0]) : {});
    await onChange({ item: image(r.dynamodb?.NewImage) as T, before: image(r.dynamodb?.OldImage) as Partial<T> });
  };
  return async (event: DynamoDBStreamEvent, context: Context) => {
    try {
      return await processPartialResponse(event, record, processor, { context, processInParallel: false });
    } finally {
      flushMetrics();
    }
  };
}

export const rideSubscriber = (onChange: (change: RideChange) => Promise<unknown>) =>
  itemSubscriber<RideItem>(({ item, before }) => onChange({ ride: item, before }));

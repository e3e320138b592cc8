/**
 * Amazon Data Firehose's `PutRecordBatch` (AWS JSON 1.1), signed with SigV4 as the function's role: one call, so no
 * SDK client. `AWS_ENDPOINT_URL_FIREHOSE` points it elsewhere (locally, the stand-in of local/src/lake/firehose.ts).
 * Firehose answers a call it took with a result per record, and may refuse some of them (throttling): those, and only
 * those, fail their stream records, so Lambda retries just them (partial batch responses, as ./stream.ts).
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { logger } from "./logger";
import { signedFetch } from "./signed-fetch";

/** Firehose's limits on one `PutRecordBatch`: records, their data together, one record's data (before base64). */
export const putRecordBatchLimits = { records: 500, bytes: 4 * 1024 * 1024, recordBytes: 1_024_000 } as const;

/** Why Firehose did not take a record: its `ErrorCode` and `ErrorMessage`, or the refused call's error. */
export interface RecordFailure {
  code: string;
  message: string;
}

interface PutRecordBatchAnswer {
  FailedPutCount?: number;
  RequestResponses?: ({ RecordId: string } | { ErrorCode: string; ErrorMessage?: string })[];
}

const endpoint = () =>
  new URL(
    process.env.AWS_ENDPOINT_URL_FIREHOSE ?? `https://firehose.${process.env.AWS_REGION ?? "us-east-1"}.amazonaws.com`,
  );

/**
 * Sends each value as one record (its JSON and a newline, as Firehose's JSON-to-Parquet conversion reads them) to
 * `deliveryStream`, in calls within Firehose's limits. The answer is one entry per value, in order: null where
 * Firehose took the record, else why not. A call Firehose refuses as a whole (or never answers) fails its records.
 */
export async function putRecords(
  deliveryStream: string,
  values: readonly unknown[],
): Promise<(RecordFailure | null)[]> {
  const outcomes: (RecordFailure | null)[] = values.map(() => null);
  let call: { index: number; data: Buffer }[] = [];
  let callBytes = 0;
  const send = async () => {
    if (call.length === 0) return;
    const sent = call;
    call = [];
    callBytes = 0;
    const answers = await putRecordBatch(
      deliveryStream,
      sent.map((record) => record.data),
    );
    sent.forEach((record, i) => {
      outcomes[record.index] = answers[i] ?? null;
    });
  };
  for (const [index, value] of values.entries()) {
    const data = Buffer.from(`${JSON.stringify(value)}\n`);
    if (data.length > putRecordBatchLimits.recordBytes) {
      outcomes[index] = { code: "RecordTooLarge", message: `${data.length} bytes; Firehose takes at most 1,000 KiB` };
      continue;
    }
    if (call.length === putRecordBatchLimits.records || callBytes + data.length > putRecordBatchLimits.bytes) {
      await send();
    }
    call.push({ index, data });
    callBytes += data.length;
  }
  await send();
  return outcomes;
}

/** One call: the records' data, answered per record (null: taken). */
async function putRecordBatch(deliveryStream: string, records: readonly Buffer[]): Promise<(RecordFailure | null)[]> {
  const body = JSON.stringify({
    DeliveryStreamName: deliveryStream,
    Records: records.map((data) => ({ Data: data.toString("base64") })),
  });
  const all = (failure: RecordFailure) => records.map(() => failure);
  let status: number;
  let text: string;
  try {
    const answer = await signedFetch("firehose", endpoint(), {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "Firehose_20150804.PutRecordBatch",
      },
      body,
    });
    status = answer.status;
    text = await answer.text();
  } catch (error) {
    return all({ code: "RequestFailed", message: String(error) });
  }
  let parsed: (PutRecordBatchAnswer & { __type?: string; message?: string; Message?: string }) | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (status !== 200 || !Array.isArray(parsed?.RequestResponses)) {
    // AWS JSON errors name their type in `__type`, sometimes as `namespace#Type`.
    const code = parsed?.__type?.split("#").at(-1) ?? `HTTP ${status}`;
    return all({ code, message: parsed?.message ?? parsed?.Message ?? text.slice(0, 500) });
  }
  const responses = parsed.RequestResponses;
  return records.map((_, i) => {
    const response = responses[i];
    if (!response) return { code: "NoResponse", message: "Firehose's answer has no entry for this record" };
    return "ErrorCode" in response ? { code: response.ErrorCode, message: response.ErrorMessage ?? "" } : null;
  });
}

/** A stream record Firehose did not take. */
export class FirehoseRecordError extends Error {
  override name = "FirehoseRecordError";
  constructor(readonly failure: RecordFailure) {
    super(`Firehose did not take the record: ${failure.code}: ${failure.message}`);
  }
}

/**
 * A stream subscriber that sends each record, as `toRecord` makes it, to the delivery stream `deliveryStream()` names,
 * in one batch, and reports the records that could not be made or that Firehose did not take as the batch's failures
 * (`batchItemFailures`, Powertools' batch processor), so only they are retried.
 */
export function firehoseSubscriber(
  deliveryStream: () => string,
  toRecord: (record: DynamoDBRecord) => unknown,
): (event: DynamoDBStreamEvent, context: Context) => Promise<unknown> {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return async (event, context) => {
    const failed = new Map<DynamoDBRecord, Error>();
    const sending: { record: DynamoDBRecord; value: unknown }[] = [];
    for (const record of event.Records) {
      try {
        sending.push({ record, value: toRecord(record) });
      } catch (error) {
        failed.set(record, error instanceof Error ? error : new Error(String(error)));
      }
    }
    if (sending.length > 0) {
      const outcomes = await putRecords(
        deliveryStream(),
        sending.map((s) => s.value),
      );
      outcomes.forEach((failure, i) => {
        const record = sending[i]?.record;
        if (failure && record) failed.set(record, new FirehoseRecordError(failure));
      });
    }
    if (failed.size > 0) {
      const [first] = failed.values();
      (await logger(context)).warn("stream records not delivered to Firehose", {
        failed: failed.size,
        of: event.Records.length,
        first: first?.message,
      });
    }
    // The processor hands each record back as it was given: its outcome is already known.
    const settle = async (record: DynamoDBRecord) => {
      const error = failed.get(record);
      if (error) throw error;
    };
    return processPartialResponse(event, settle, processor, { context, processInParallel: false });
  };
}

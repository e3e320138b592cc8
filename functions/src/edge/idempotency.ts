/** `Idempotency-Key` support from Powertools, its records in the rider's partition (docs/decisions/0003). */
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { IdempotencyKey, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import type { RiderRequest } from "./http";

/** A replay waits this long for the first request with its key to finish, then answers with its response. */
const inProgressWaitMs = 8_000;
const pollMs = 100;

export interface RunOncePerKey<T> {
  /** Which operation: keys are scoped to it, so `/ride` and `/rides` never share a response. */
  operation: string;
  request: RiderRequest;
  body: unknown;
  run: () => Promise<T>;
}

/** Runs `run` once per rider + Idempotency-Key + operation; without the header it simply runs. */
export async function runOncePerKey<T>({ operation, request, body, run }: RunOncePerKey<T>): Promise<T> {
  const header = request.header("idempotency-key");
  if (header === undefined) return run();
  const key = await parseOrThrow(IdempotencyKey, header, "Idempotency-Key header");
  const config = new IdempotencyConfig({
    eventKeyJmesPath: "key",
    payloadValidationJmesPath: "body",
    expiresAfterSeconds: 24 * 60 * 60,
    lambdaContext: request.context,
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: Db.tableName(),
    keyAttr: "pk",
    sortKeyAttr: "sk",
    staticPkValue: Keys.riderPartition(request.riderId),
    expiryAttr: "expiresAt",
    awsSdkV3Client: Db.dynamodb(),
  });
  const idempotent = makeIdempotent(async (_input: { key: string; body: unknown }) => run(), {
    persistenceStore,
    config,
    keyPrefix: `IDEMPOTENCY#${operation}`,
  });
  const deadline = Date.now() + inProgressWaitMs;
  for (;;) {
    try {
      return (await idempotent({ key, body })) as T;
    } catch (error) {
      // A concurrent replay of the same key: wait for the first to finish and answer with its response.
      if ((error as Error).name !== "IdempotencyAlreadyInProgressError" || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}

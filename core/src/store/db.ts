/**
 * The DynamoDB client, created once per process. Retries and timeouts are explicit so a stalled store
 * turns into a quick 503 rather than a Lambda timeout.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";

let raw: DynamoDBClient | undefined;
let client: DynamoDBDocumentClient | undefined;

export namespace Db {
  /**
   * Worst case before a 503: 3 attempts × (2 s to connect + 2 s to answer) plus backoff, inside the 10 s
   * function timeout. Sockets are plentiful because one dispatch queries up to nine cells at once.
   */
  export const settings = {
    maxAttempts: 3,
    connectionTimeoutMs: 2_000,
    requestTimeoutMs: 2_000,
    maxSockets: 16,
  } as const;

  /** The low-level client, shared with Powertools' idempotency store so both use the same settings. */
  export function dynamodb(): DynamoDBClient {
    raw ??= new DynamoDBClient({
      maxAttempts: settings.maxAttempts,
      requestHandler: {
        connectionTimeout: settings.connectionTimeoutMs,
        requestTimeout: settings.requestTimeoutMs,
        // Without this the SDK only logs a warning when requestTimeout passes and waits on a stalled store forever.
        throwOnRequestTimeout: true,
        httpAgent: { keepAlive: true, maxSockets: settings.maxSockets },
        httpsAgent: { keepAlive: true, maxSockets: settings.maxSockets },
      },
    });
    return raw;
  }

  export function documents(): DynamoDBDocumentClient {
    client ??= DynamoDBDocumentClient.from(dynamodb(), { marshallOptions: { removeUndefinedValues: true } });
    return client;
  }

  export function tableName(): string {
    return Resource.Table.name;
  }
}

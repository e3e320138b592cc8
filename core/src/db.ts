/**
 * The DynamoDB client, created once per process. Retries and timeouts are explicit so a stalled store
 * turns into a quick 503 rather than a Lambda timeout.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";

let client: DynamoDBDocumentClient | undefined;

export namespace Db {
  export const settings = {
    maxAttempts: 3,
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 2_000,
  } as const;

  export function documents(): DynamoDBDocumentClient {
    client ??= DynamoDBDocumentClient.from(
      new DynamoDBClient({
        maxAttempts: settings.maxAttempts,
        requestHandler: {
          connectionTimeout: settings.connectionTimeoutMs,
          requestTimeout: settings.requestTimeoutMs,
        },
      }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    return client;
  }

  export function tableName(): string {
    return Resource.Table.name;
  }
}

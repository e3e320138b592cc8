/** Items by key with BatchGetItem, on their own so only the handlers that batch carry the command. */
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { Db } from "./db";

type Key = { pk: string; sk: string };
/** What to read of each item (BatchGetItem's ProjectionExpression and its names); every attribute when not given. */
export type Projection = { ProjectionExpression: string; ExpressionAttributeNames?: Record<string, string> };

/** Every item of `keys` that exists, 100 keys a request, asking again (with backoff) for any DynamoDB left unprocessed. */
export async function batchGet<T>(keys: readonly Key[], projection?: Projection): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Key[] = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)));
      const out = await Db.documents().send(
        new BatchGetCommand({ RequestItems: { [Db.tableName()]: { Keys: pending, ...projection } } }),
      );
      found.push(...((out.Responses?.[Db.tableName()] ?? []) as T[]));
      pending = (out.UnprocessedKeys?.[Db.tableName()]?.Keys ?? []) as Key[];
    }
  }
  return found;
}

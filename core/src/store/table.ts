/**
 * The one definition of the Wild Rydes table. `sst.config.ts` passes `Table.sst` to `sst.aws.Dynamo`,
 * and the local stack creates the same table in DynamoDB Local from `Table.createTableInput()`.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/** What dispatch reads from the sparse index to choose and book a unicorn (mutable: SST's type wants string[]). */
const dispatchProjection: string[] = [
  ...["unicornId", "name", "color", "gender", "location", "speedMps"],
  // v3: a crewed unicorn gets an offer instead of a booking, and only while on shift.
  ...["crewed", "onShift"],
];
/** What the sweep needs to finish a due ride without reading it again. */
const dueProjection: string[] = [
  "rideId",
  "riderId",
  "status",
  "unicorn",
  "pickup",
  "dropoff",
  "fare",
  "arrivesAt",
  "boardBy",
  "dropoffAt",
  "endsOnArrival",
];

export namespace Table {
  /** Arguments for `new sst.aws.Dynamo(...)`: keys, the sparse dispatch index and the change stream. */
  export const sst = {
    fields: {
      pk: "string",
      sk: "string",
      gsi1pk: "string",
      gsi1sk: "string",
      gsi2pk: "string",
      gsi2sk: "string",
      gsi3pk: "string",
      gsi3sk: "string",
    },
    primaryIndex: { hashKey: "pk", rangeKey: "sk" },
    globalIndexes: {
      /**
       * Sparse: only available unicorns carry these keys, by map cell. Dispatch reads it, so it projects just what
       * choosing and booking a unicorn needs: a smaller item is fewer read units per query.
       */
      gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projection: dispatchProjection },
      /**
       * The fleet roster: every unicorn, by name, so GET /unicorns never scans. Keys only: an index entry that
       * projected status or ratings would be rewritten by every booking, ending and rating (a write unit each).
       */
      gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk", projection: "keys-only" },
      /** Sparse: active rides by when they fall due (no-show deadline, then dropoff), for the sweep. */
      gsi3: { hashKey: "gsi3pk", rangeKey: "gsi3sk", projection: dueProjection },
    },
    stream: "new-and-old-images",
    ttl: "expiresAt",
  } as const;

  /** The linked resource name: handlers read `Resource.Table.name`. */
  export const linkName = "Table";

  /** The same table as a CreateTable request, for DynamoDB Local and tests. */
  export function createTableInput(tableName: string): CreateTableCommandInput {
    const attributes = Object.entries(sst.fields).map(([name]) => ({
      AttributeName: name,
      AttributeType: "S" as const,
    }));
    return {
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: attributes,
      KeySchema: [
        { AttributeName: sst.primaryIndex.hashKey, KeyType: "HASH" },
        { AttributeName: sst.primaryIndex.rangeKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: Object.entries(sst.globalIndexes).map(([name, index]) => ({
        IndexName: name,
        KeySchema: [
          { AttributeName: index.hashKey, KeyType: "HASH" },
          { AttributeName: index.rangeKey, KeyType: "RANGE" },
        ],
        Projection:
          index.projection === "keys-only"
            ? { ProjectionType: "KEYS_ONLY" as const }
            : { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...index.projection] },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    };
  }
}

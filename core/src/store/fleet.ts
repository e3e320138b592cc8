/** The unicorn fleet: who exists, where they stand, and how their profiles are stored. */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { FleetMember, Unicorn } from "../rules/api-shapes";
import { Geo } from "../rules/geo";
import { seattleFleet, type UnicornProfile } from "../rules/roster";
import { batchGet } from "./batch-get";
import { Db } from "./db";
import { type RatingFigures, type StoredUnicorn, toFleetMember } from "./fleet-member";
import { Keys } from "./keys";

export type { FleetMember, StoredUnicorn, Unicorn, UnicornProfile };
export { seattleFleet, toFleetMember };

/** What GET /unicorns shows of each unicorn (v3: a crewed unicorn is available only while on shift), and its ratings. */
const rosterFields = {
  ProjectionExpression:
    "pk, sk, unicornId, #name, color, gender, #location, #status, ratingSum, ratings, rides, crewed, onShift",
  ExpressionAttributeNames: { "#name": "name", "#location": "location", "#status": "status" },
};

type Stored = { pk: string; sk: string };

export namespace Fleet {
  /** The stored profile of an available unicorn: carries the sparse dispatch-index keys of its map cell. */
  export function availableItem(unicorn: UnicornProfile) {
    const cell = Geo.cellOf(unicorn.location);
    return {
      ...Keys.unicorn(unicorn.name),
      ...Keys.availableIn(cell, unicorn.name),
      // A crewed unicorn starts off shift: dispatch passes it by (the index projects onShift) until its crew goes on.
      ...(unicorn.crewed ? { crewed: true, onShift: false } : {}),
      ...Keys.roster(unicorn.name),
      kind: "unicorn",
      unicornId: unicorn.unicornId,
      name: unicorn.name,
      color: unicorn.color,
      gender: unicorn.gender,
      location: unicorn.location,
      speedMps: unicorn.speedMps,
      status: "AVAILABLE",
    };
  }

  /**
   * Adds the unicorns that are not in the table yet, available where they stand. Existing profiles are left alone,
   * so re-seeding a persisted table never frees a unicorn that is on a ride.
   */
  export async function seed(unicorns: readonly UnicornProfile[] = seattleFleet): Promise<void> {
    await Promise.all(unicorns.map((u) => putIfMissing(availableItem(u))));
  }

  async function putIfMissing(item: ReturnType<typeof availableItem>) {
    try {
      await Db.documents().send(
        new PutCommand({ TableName: Db.tableName(), Item: item, ConditionExpression: "attribute_not_exists(pk)" }),
      );
    } catch (error) {
      if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
    }
  }

  /**
   * Every unicorn with where it stands and whether it is free: names from the keys-only roster index (never a Scan),
   * then the profiles themselves and their RATINGS items, 100 items (50 unicorns) to a BatchGetItem.
   */
  export async function roster(max = 500): Promise<FleetMember[]> {
    const keys: { pk: string; sk: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await Db.documents().send(
        new QueryCommand({
          TableName: Db.tableName(),
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :roster",
          ExpressionAttributeValues: { ":roster": Keys.roster("").gsi2pk },
          ExclusiveStartKey: start,
          // Read (and pay for) only as many unicorns as the answer can hold.
          Limit: max - keys.length,
        }),
      );
      for (const { pk, sk } of (out.Items ?? []) as { pk: string; sk: string }[]) keys.push({ pk, sk });
      start = out.LastEvaluatedKey;
    } while (start && keys.length < max);
    const [byKey, rated] = [new Map<string, StoredUnicorn>(), new Map<string, RatingFigures>()];
    for (const item of await batchGet<Stored & RatingFigures>(
      keys.flatMap((key) => [key, Keys.ratingsBeside(key)]),
      rosterFields,
    )) {
      if (Keys.isUnicornRatings(item)) rated.set(item.pk, item);
      else byKey.set(item.pk, item as StoredUnicorn & Stored);
    }
    // In the roster's order (by name); a unicorn removed between the two reads is left out.
    return keys.flatMap(({ pk }) => {
      const u = byKey.get(pk);
      return u ? [toFleetMember(u, rated.get(pk) ?? {})] : [];
    });
  }

  /** Available unicorns whose position lies in `cell` (a geohash prefix), read from the sparse index. */
  export async function availableInCell(cell: string): Promise<UnicornProfile[]> {
    const out = await Db.documents().send(
      new QueryCommand({
        TableName: Db.tableName(),
        IndexName: "gsi1",
        ...Keys.availableInCellQuery(cell),
      }),
    );
    return (out.Items ?? []) as UnicornProfile[];
  }
}

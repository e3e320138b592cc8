/** The unicorn fleet: who exists, where they stand, and how their profiles are stored. */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { FleetMember, Unicorn } from "../rules/api-shapes";
import { Geo } from "../rules/geo";
import { seattleFleet, type UnicornProfile } from "../rules/roster";
import { Db } from "./db";
import { type StoredUnicorn, toFleetMember } from "./fleet-member";
import { Keys } from "./keys";

export type { FleetMember, StoredUnicorn, Unicorn, UnicornProfile };
export { seattleFleet, toFleetMember };

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

  /** Every unicorn with where it stands and whether it is free, from the roster index (never a Scan). */
  export async function roster(max = 500): Promise<FleetMember[]> {
    const members: FleetMember[] = [];
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
          Limit: max - members.length,
        }),
      );
      for (const u of (out.Items ?? []) as StoredUnicorn[]) {
        members.push(toFleetMember(u));
      }
      start = out.LastEvaluatedKey;
    } while (start && members.length < max);
    return members.slice(0, max);
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

/**
 * The table's invariants, checked over a full Scan (tests only; the request path never scans): a unicorn is BUSY
 * exactly while one active ride holds it, and only AVAILABLE unicorns sit in the dispatch index of their cell.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Db } from "@wildrydes/core/db";
import { Geo } from "@wildrydes/core/geo";
import { Keys } from "@wildrydes/core/keys";

export interface StoredItem {
  pk: string;
  sk: string;
  [field: string]: unknown;
}

export async function scanTable(tableName: string): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await Db.documents().send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as StoredItem[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export interface InvariantReport {
  unicorns: number;
  rides: number;
  /** How many individual facts were checked. */
  checks: number;
  violations: string[];
}

export function checkInvariants(items: StoredItem[]): InvariantReport {
  const unicorns = items.filter(Keys.isUnicorn);
  const rides = items.filter(Keys.isRide);
  const active = rides.filter((r) => r.status === "EN_ROUTE");
  const violations: string[] = [];
  let checks = 0;
  const check = (ok: boolean, problem: () => string) => {
    checks++;
    if (!ok) violations.push(problem());
  };
  const byName = new Map(unicorns.map((u) => [String(u.name), u]));

  for (const u of unicorns) {
    const name = String(u.name);
    const holding = active.filter((r) => (r.unicorn as { name: string }).name === name);
    if (u.status === "AVAILABLE") {
      const keys = Keys.availableIn(Geo.cellOf(u.location as { latitude: number; longitude: number }), name);
      check(
        u.gsi1pk === keys.gsi1pk && u.gsi1sk === keys.gsi1sk,
        () => `${name}: AVAILABLE but indexed as ${u.gsi1pk}`,
      );
      check(u.rideId === undefined, () => `${name}: AVAILABLE but still names ride ${u.rideId}`);
      check(holding.length === 0, () => `${name}: AVAILABLE while ride(s) ${ids(holding)} are active on it`);
    } else {
      check(u.status === "BUSY", () => `${name}: unknown status ${u.status}`);
      check(u.gsi1pk === undefined && u.gsi1sk === undefined, () => `${name}: BUSY but still in the dispatch index`);
      check(holding.length === 1, () => `${name}: BUSY with ${holding.length} active rides (${ids(holding)})`);
      check(holding[0]?.rideId === u.rideId, () => `${name}: BUSY for ${u.rideId}, active ride is ${ids(holding)}`);
      check(holding[0]?.riderId === u.riderId, () => `${name}: BUSY for rider ${u.riderId}, not the ride's rider`);
    }
  }
  for (const ride of active) {
    const u = byName.get((ride.unicorn as { name: string }).name);
    check(
      u?.status === "BUSY" && u.rideId === ride.rideId,
      () => `ride ${ride.rideId}: active but its unicorn is free`,
    );
  }
  for (const ride of rides) {
    const keys = Keys.ride(String(ride.riderId), String(ride.rideId));
    check(ride.pk === keys.pk && ride.sk === keys.sk, () => `ride ${ride.rideId}: keys`);
  }
  return { unicorns: unicorns.length, rides: rides.length, checks, violations };
}

function ids(rides: StoredItem[]): string {
  return rides.map((r) => String(r.rideId)).join(", ") || "none";
}

/** Every ride the API answered 201 for is stored in its rider's partition: nothing acknowledged was lost. */
export function missingRides(items: StoredItem[], acknowledged: { riderId: string; rideId: string }[]): string[] {
  const keyOf = ({ pk, sk }: { pk: string; sk: string }) => `${pk}|${sk}`;
  const stored = new Set(items.map(keyOf));
  return acknowledged
    .filter((a) => !stored.has(keyOf(Keys.ride(a.riderId, a.rideId))))
    .map((a) => `${a.riderId}/${a.rideId}`);
}

/**
 * Scenes written straight to the table, for the sweep's tests and benches, which move the clock instead of waiting:
 * a busy unicorn and the ride holding it, as booking (EN_ROUTE) or boarding (IN_PROGRESS) leaves them.
 */
import { BatchWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { RideClock } from "@wildrydes/core/rules/ride-clock";
import { unicornIdOf } from "@wildrydes/core/rules/roster";
import { Keys } from "@wildrydes/core/store/keys";
import type { RideItem } from "@wildrydes/core/store/ride-item";

const iso = (ms: number) => new Date(ms).toISOString();
export const scenePickup = { latitude: 47.61, longitude: -122.33 };
export const sceneDropoff = { latitude: 47.62, longitude: -122.34 };

/**
 * Requested at `requestedAt` (ms): arrives 60 s later, boarding window closes at 360 s, and if `boarded`, on board at
 * 133 s with the dropoff at 200 s. Falls due at its dropoff when boarded, else at its no-show deadline; both sit in the
 * due index from 127 s.
 */
export function busyRide(o: { name: string; rideId: string; riderId: string; boarded: boolean; requestedAt: number }) {
  const t = o.requestedAt;
  const [boardBy, dropoffAt] = [iso(t + 360_000), iso(t + 200_000)];
  const [arrivesAt, tripSeconds] = [iso(t + 60_000), 67];
  const ride: RideItem = {
    ...Keys.ride(o.riderId, o.rideId),
    // Due from its first possible due moment, as booking keys it; boarding leaves the key.
    ...Keys.dueAt(RideClock.firstDue({ arrivesAt, boardBy, tripSeconds }), o.rideId),
    kind: "ride",
    riderId: o.riderId,
    rideId: o.rideId,
    status: o.boarded ? "IN_PROGRESS" : "EN_ROUTE",
    pickup: scenePickup,
    dropoff: sceneDropoff,
    unicorn: { unicornId: unicornIdOf(o.name), name: o.name, color: "White", gender: "Female" },
    unicornFrom: scenePickup,
    fare: { amount: 812, currency: "USD" },
    distanceMetres: 1340,
    tripSeconds,
    requestedAt: iso(t),
    arrivesAt,
    etaSeconds: 60,
    boardBy,
    ...(o.boarded ? { boardedAt: iso(t + 133_000), dropoffAt } : {}),
  };
  // Busy: out of the available index (no gsi1 keys), on the roster, holding this ride.
  const unicorn = {
    ...Keys.unicorn(o.name),
    ...Keys.roster(o.name),
    kind: "unicorn",
    ...ride.unicorn,
    location: scenePickup,
    speedMps: 20,
    status: "BUSY",
    rideId: o.rideId,
    riderId: o.riderId,
  };
  return [unicorn, ride] as const;
}

/** Batch-writes items, 25 a request, retrying what DynamoDB left unprocessed. */
export async function writeItems(client: DynamoDBDocumentClient, tableName: string, items: readonly object[]) {
  for (let i = 0; i < items.length; i += 25) {
    let pending: object[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending?.length) {
      const out: BatchWriteCommandOutput = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }),
      );
      pending = out.UnprocessedItems?.[tableName];
    }
  }
}

/** Key shapes of the single table (docs/architecture.md, "Data"), in one place. */
export namespace Keys {
  /** Index partitions are 4-character geohash cells (about 39 × 20 km); finer cells are sort-key prefixes. */
  export const partitionPrecision = 4;

  const unicornPrefix = "UNICORN#";
  const riderPrefix = "RIDER#";
  const profile = "PROFILE";

  export const riderPartition = (riderId: string) => `${riderPrefix}${riderId}`;

  export const unicorn = (name: string) => ({ pk: `${unicornPrefix}${name}`, sk: profile });

  /** Every unicorn's roster entry in gsi2. */
  export const roster = (name: string) => ({ gsi2pk: "UNICORN", gsi2sk: name });

  /** Sort-key prefix of a rider's rides: newest-first history is one Query with begins_with. */
  export const ridePrefix = "RIDE#";

  export const ride = (riderId: string, rideId: string) => ({
    pk: riderPartition(riderId),
    sk: `${ridePrefix}${rideId}`,
  });

  /** The ride id inside a ride's sort key. */
  export const rideIdOf = (sk: string) => sk.slice(ridePrefix.length);

  /** What an item of the table is, from its keys alone (for invariant checks and stream records). */
  export const isUnicorn = (item: { pk: string; sk: string }) =>
    item.pk.startsWith(unicornPrefix) && item.sk === profile;
  export const isRide = (item: { pk: string; sk: string }) =>
    item.pk.startsWith(riderPrefix) && item.sk.startsWith(ridePrefix);

  /** Sparse index keys: present only while the unicorn is available, so the index holds only free unicorns. */
  const availablePartition = (cell: string) => `AVAILABLE#${cell.slice(0, partitionPrecision)}`;

  export const availableIn = (fullCell: string, name: string) => ({
    gsi1pk: availablePartition(fullCell),
    gsi1sk: `${fullCell}#${name}`,
  });

  /** Query of the available unicorns in one cell (a geohash of at least `partitionPrecision` characters). */
  export const availableInCellQuery = (cell: string) => ({
    KeyConditionExpression: "gsi1pk = :partition AND begins_with(gsi1sk, :cell)",
    ExpressionAttributeValues: {
      ":partition": availablePartition(cell),
      ":cell": cell,
    },
  });
}

/** Key shapes of the single table (ARCHITECTURE.md §3), in one place. */
export namespace Keys {
  /** Index partitions are 4-character geohash cells (about 39 × 20 km); finer cells are sort-key prefixes. */
  export const partitionPrecision = 4;

  export const unicorn = (name: string) => ({ pk: `UNICORN#${name}`, sk: "PROFILE" });

  /** Every unicorn's roster entry in gsi2. */
  export const roster = (name: string) => ({ gsi2pk: "UNICORN", gsi2sk: name });

  export const ride = (riderId: string, rideId: string) => ({ pk: `RIDER#${riderId}`, sk: `RIDE#${rideId}` });

  export const riderPartition = (riderId: string) => `RIDER#${riderId}`;

  /** Sparse index keys: present only while the unicorn is available, so the index holds only free unicorns. */
  export const availableIn = (fullCell: string, name: string) => ({
    gsi1pk: `AVAILABLE#${fullCell.slice(0, partitionPrecision)}`,
    gsi1sk: `${fullCell}#${name}`,
  });

  /** Query of the available unicorns in one cell (a geohash of at least `partitionPrecision` characters). */
  export const availableInCellQuery = (cell: string) => ({
    KeyConditionExpression: "gsi1pk = :partition AND begins_with(gsi1sk, :cell)",
    ExpressionAttributeValues: {
      ":partition": `AVAILABLE#${cell.slice(0, partitionPrecision)}`,
      ":cell": cell,
    },
  });
}

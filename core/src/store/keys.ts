/** Key shapes of the single table (docs/architecture.md, "Data"), in one place. */
export namespace Keys {
  /** Index partitions are 4-character geohash cells (about 39 × 20 km); finer cells are sort-key prefixes. */
  export const partitionPrecision = 4;

  const unicornPrefix = "UNICORN#";
  const riderPrefix = "RIDER#";
  const profile = "PROFILE";
  const ratings = "RATINGS";

  export const riderPartition = (riderId: string) => `${riderPrefix}${riderId}`;

  export const unicorn = (name: string) => ({ pk: `${unicornPrefix}${name}`, sk: profile });

  /**
   * A unicorn's ratings (stream-fed, Tallies): beside its profile, not in it, so counting one writes a small item and
   * the profile, written by every booking and ending, does not grow with the ids counted.
   */
  export const unicornRatings = (name: string) => ratingsBeside(unicorn(name));
  /** The RATINGS item beside a unicorn's profile, from the profile's key (the roster reads both). */
  export const ratingsBeside = (owner: { pk: string }) => ({ pk: owner.pk, sk: ratings });

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

  /** The rider summary: the active ride marker (one active ride, atomically) and the stream-fed totals. */
  export const riderProfile = (riderId: string) => ({ pk: riderPartition(riderId), sk: profile });

  export const quotePrefix = "QUOTE#";
  export const quote = (riderId: string, quoteId: string) => ({
    pk: riderPartition(riderId),
    sk: `${quotePrefix}${quoteId}`,
  });

  /**
   * Sparse "due" index: an active ride carries these keys while a time-driven change is pending, from the first moment
   * one can fall due (RideClock.firstDue; boarding leaves it), so the sweep finds due rides by Query and never scans.
   */
  export const duePartition = "DUE";
  export const dueAt = (when: string, rideId: string) => ({ gsi3pk: duePartition, gsi3sk: `${when}#${rideId}` });
  /** Upper bound of the due keys at `now`: every key of a moment before or at `now` sorts below it. */
  export const dueBy = (now: string) => `${now}#~`;

  /**
   * A tally marker: a stream subscriber claimed this ride's notice (Tallies.claimNotice; ratings and totals once wrote
   * them too, and keep their ids in the owner's item now), so a record delivered twice acts once. Kept in the owner's
   * partition (`ownerPk`), expiring after the stream's 24-hour retention has long passed.
   */
  const tallyPrefix = "TALLY#";
  export const tally = (ownerPk: string, tallyName: string, rideId: string) => ({
    pk: ownerPk,
    sk: `${tallyPrefix}${tallyName}#${rideId}`,
  });
  /** The tally's name and ride from a marker's sort key, or null for any other item. */
  export const tallyOf = (item: { sk: string }) => {
    if (!item.sk.startsWith(tallyPrefix)) return null;
    const [name = "", rideId = ""] = item.sk.slice(tallyPrefix.length).split("#");
    return { name, rideId };
  };

  /** A unicorn account's link to its fleet unicorn (v3): in the account's own partition, read on every unicorn route. */
  export const crewLink = (accountSub: string) => ({ pk: riderPartition(accountSub), sk: "CREW" });

  /** A crewed unicorn's job: a pointer to the ride in the rider's partition, newest first under the unicorn. */
  export const jobPrefix = "JOB#";
  export const job = (unicornName: string, rideId: string) => ({
    pk: unicorn(unicornName).pk,
    sk: `${jobPrefix}${rideId}`,
  });

  /** An offer of a ride to a crewed unicorn (v3): under the unicorn, so only its own account can read or answer it. */
  export const offerPrefix = "OFFER#";
  export const offer = (unicornName: string, offerId: string) => ({
    pk: unicorn(unicornName).pk,
    sk: `${offerPrefix}${offerId}`,
  });

  /** What an item of the table is, from its keys alone (for invariant checks and stream records). */
  export const isUnicorn = (item: { pk: string; sk: string }) =>
    item.pk.startsWith(unicornPrefix) && item.sk === profile;
  export const isUnicornRatings = (item: { pk: string; sk: string }) =>
    item.pk.startsWith(unicornPrefix) && item.sk === ratings;
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

/**
 * The table's invariants, checked over a full Scan (tests only; the request path never scans): a unicorn is BUSY
 * exactly while one stored-active ride holds it, only AVAILABLE unicorns sit in the dispatch index, a stored-active
 * ride sits in the due index at its next deadline, each ride's times, fare and charge agree with the clock and the
 * fare formula, a rider has at most one ride active by the clock and the rider summary's marker names it, every
 * quote holds the fare of its trip, a crewed unicorn is in the dispatch index only on shift, and an account's crew link
 * and its unicorn name each other. Items of any other shape are violations too.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Fares, ServiceArea, usd } from "@wildrydes/core/rules/fares";
import { Geo, type Location } from "@wildrydes/core/rules/geo";
import { RideClock } from "@wildrydes/core/rules/ride-clock";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import type { RideItem } from "@wildrydes/core/store/ride-item";

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
  quotes: number;
  riders: number;
  /** Stored-active rides whose deadline has passed: the sweep's work still to do (not a violation). */
  overdue: number;
  /** How many individual facts were checked. */
  checks: number;
  violations: string[];
}

const riderPartition = Keys.riderPartition("");
const profileSk = Keys.riderProfile("").sk;
const isProfile = (i: StoredItem) => i.pk.startsWith(riderPartition) && i.sk === profileSk;
const isQuote = (i: StoredItem) => i.pk.startsWith(riderPartition) && i.sk.startsWith(Keys.quotePrefix);
const isIdempotency = (i: StoredItem) => i.pk.startsWith(riderPartition) && i.sk.startsWith("IDEMPOTENCY#");
const crewSk = Keys.crewLink("").sk;
const isCrewLink = (i: StoredItem) => i.pk.startsWith(riderPartition) && i.sk === crewSk;
const storedActive = (r: RideItem) => r.status === "EN_ROUTE" || r.status === "IN_PROGRESS";
const ms = (iso: string | undefined) => (iso === undefined ? Number.NaN : Date.parse(iso));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** When a ride stops counting as active: its dropoff once boarded, else its boarding deadline (the workshop's: arrival). */
export function deadlineOf(ride: RideItem): string {
  if (ride.boardedAt) return ride.dropoffAt ?? "";
  return ride.endsOnArrival ? ride.arrivesAt : ride.boardBy;
}

export function checkInvariants(items: StoredItem[], now = Date.now()): InvariantReport {
  const unicorns = items.filter(Keys.isUnicorn);
  const rides = items.filter(Keys.isRide) as unknown as (RideItem & StoredItem)[];
  const profiles = items.filter(isProfile);
  const quotes = items.filter(isQuote);
  const active = rides.filter(storedActive);
  const violations: string[] = [];
  let checks = 0;
  const check = (ok: boolean, problem: () => string) => {
    checks++;
    if (!ok) violations.push(problem());
  };
  const byName = new Map(unicorns.map((u) => [String(u.name), u]));

  for (const item of items) {
    const tally = Keys.tallyOf(item);
    const known =
      Keys.isUnicorn(item) ||
      Keys.isRide(item) ||
      isProfile(item) ||
      isQuote(item) ||
      isIdempotency(item) ||
      isCrewLink(item) ||
      tally;
    check(Boolean(known), () => `unknown item ${item.pk} / ${item.sk}`);
    // A stream subscriber's marker names a ride that really reached the state it counted.
    if (tally) {
      const ride = rides.find((r) => r.rideId === tally.rideId);
      const counted = {
        totals: ride && !storedActive(ride) && item.pk === Keys.riderPartition(ride.riderId),
        completed: ride?.status === "COMPLETED" && item.pk === Keys.unicorn(ride.unicorn.name).pk,
        rating: ride?.rating !== undefined && item.pk === Keys.unicorn(ride.unicorn.name).pk,
      }[tally.name];
      check(Boolean(counted), () => `tally ${item.sk} under ${item.pk} names no ride in that state`);
    }
  }

  for (const u of unicorns) {
    const name = String(u.name);
    const holding = active.filter((r) => r.unicorn.name === name);
    if (u.status === "AVAILABLE") {
      const keys = Keys.availableIn(Geo.cellOf(u.location as Location), name);
      const indexed = u.gsi1pk === keys.gsi1pk && u.gsi1sk === keys.gsi1sk;
      const unindexed = u.gsi1pk === undefined && u.gsi1sk === undefined;
      if (u.crewed !== true) check(indexed, () => `${name}: AVAILABLE but indexed as ${u.gsi1pk}`);
      else if (u.onShift !== true) check(unindexed, () => `${name}: off shift but in the dispatch index`);
      // On shift: indexed where it stands, or not yet (a crew's dispatch comes with offers).
      else check(indexed || unindexed, () => `${name}: on shift but indexed as ${u.gsi1pk}`);
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
    const u = byName.get(ride.unicorn.name);
    check(
      u?.status === "BUSY" && u.rideId === ride.rideId,
      () => `ride ${ride.rideId}: active but its unicorn is free`,
    );
  }
  for (const ride of rides) checkRide(ride, now, check);

  // A crew's link and its unicorn's profile are written together: each names the other.
  const links = items.filter(isCrewLink);
  for (const link of links) {
    const sub = link.pk.slice(riderPartition.length);
    const u = byName.get(String(link.name));
    check(u?.crewed === true, () => `crew link of ${sub}: ${String(link.name)} is no crewed unicorn`);
    check(u?.accountSub === sub, () => `crew link of ${sub}: ${String(link.name)} names account ${u?.accountSub}`);
    check(
      u?.unicornId === link.unicornId,
      () => `crew link of ${sub}: unicornId ${link.unicornId}, not ${u?.unicornId}`,
    );
  }
  for (const u of unicorns.filter((u) => u.accountSub !== undefined)) {
    const linked = links.some((l) => l.pk === Keys.riderPartition(String(u.accountSub)) && l.name === u.name);
    check(linked, () => `${String(u.name)}: names account ${u.accountSub}, which has no link to it`);
  }

  let overdue = 0;
  const riders = new Set(rides.map((r) => r.riderId));
  for (const riderId of riders) {
    const own = rides.filter((r) => r.riderId === riderId);
    const live = own.filter((r) => RideClock.isActive(RideClock.statusAt(r, now)));
    check(live.length <= 1, () => `rider ${riderId}: ${live.length} rides active by the clock (${ids(live)})`);
    const profile = profiles.find((p) => p.pk === Keys.riderPartition(riderId));
    check(profile !== undefined, () => `rider ${riderId}: rides but no rider summary`);
    const marked = own.find((r) => r.rideId === profile?.activeRideId);
    for (const ride of live) {
      check(
        marked === ride,
        () => `rider ${riderId}: ride ${ride.rideId} is active but the marker names ${marked?.rideId}`,
      );
    }
    if (profile?.activeRideId !== undefined) {
      check(marked !== undefined, () => `rider ${riderId}: the marker names a ride that is not stored`);
      check(
        marked?.status !== "CANCELLED",
        () => `rider ${riderId}: the marker still names cancelled ${marked?.rideId}`,
      );
      check(
        marked !== undefined && profile.activeUntil === deadlineOf(marked),
        () =>
          `rider ${riderId}: the marker runs until ${profile.activeUntil}, its ride's deadline is ${marked && deadlineOf(marked)}`,
      );
    }
    overdue += own.filter((r) => storedActive(r) && ms(deadlineOf(r)) <= now).length;
  }
  for (const profile of profiles) {
    const riderId = profile.pk.slice(riderPartition.length);
    check(riders.has(riderId) || profile.activeRideId === undefined, () => `rider ${riderId}: a marker but no rides`);
  }
  for (const quote of quotes) checkQuote(quote, check);

  return {
    unicorns: unicorns.length,
    rides: rides.length,
    quotes: quotes.length,
    riders: riders.size,
    overdue,
    checks,
    violations,
  };
}

type Check = (ok: boolean, problem: () => string) => void;

/** One ride's own facts: keys, the due index, times, fare and what was charged. */
function checkRide(ride: RideItem & StoredItem, now: number, check: Check) {
  const id = `ride ${ride.rideId}`;
  const keys = Keys.ride(ride.riderId, ride.rideId);
  check(ride.pk === keys.pk && ride.sk === keys.sk, () => `${id}: keys`);
  check(
    ["EN_ROUTE", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"].includes(ride.status),
    () => `${id}: stored as ${ride.status}`,
  );
  const due: { gsi3pk?: string; gsi3sk?: string } = storedActive(ride) ? Keys.dueAt(deadlineOf(ride), ride.rideId) : {};
  check(
    ride.gsi3pk === due.gsi3pk && ride.gsi3sk === due.gsi3sk,
    () => `${id}: ${ride.status} with due keys ${ride.gsi3sk}, expected ${due.gsi3sk}`,
  );
  check(
    ms(ride.arrivesAt) - ms(ride.requestedAt) === ride.etaSeconds * 1000 && ms(ride.boardBy) >= ms(ride.arrivesAt),
    () => `${id}: requested ${ride.requestedAt}, arrives ${ride.arrivesAt}, boarding until ${ride.boardBy}`,
  );
  if (ride.endsOnArrival) {
    check(
      same(ride.fare, usd(0)) && same(ride.dropoff, ride.pickup),
      () => `${id}: a workshop ride with a fare or trip`,
    );
  } else {
    const plan = Fares.plan(ride.pickup, ride.dropoff);
    check(
      Math.abs(plan.distanceMetres - ride.distanceMetres) < 1e-6 &&
        plan.tripSeconds === ride.tripSeconds &&
        same(plan.fare, ride.fare),
      () =>
        `${id}: fare ${JSON.stringify(ride.fare)} for ${ride.distanceMetres} m, the formula says ${plan.fare.amount}`,
    );
  }
  const boarded = ride.boardedAt !== undefined;
  check(
    boarded === (ride.status === "IN_PROGRESS" || (ride.status === "COMPLETED" && !ride.endsOnArrival)),
    () => `${id}: ${ride.status} with boardedAt ${ride.boardedAt}`,
  );
  if (boarded) {
    const at = ms(ride.boardedAt);
    check(
      at >= ms(ride.arrivesAt) && at < ms(ride.boardBy) && ms(ride.dropoffAt) - at === ride.tripSeconds * 1000,
      () =>
        `${id}: boarded ${ride.boardedAt} (arrived ${ride.arrivesAt}, by ${ride.boardBy}), dropoff ${ride.dropoffAt}`,
    );
  }
  const charge: Record<string, [string | undefined, string | undefined, object] | undefined> = {
    COMPLETED: [ride.completedAt, ride.endsOnArrival ? ride.arrivesAt : ride.dropoffAt, ride.fare],
    NO_SHOW: [ride.noShowAt, ride.boardBy, usd(Fares.noShowFeeCents)],
    CANCELLED: [
      ride.cancelledAt,
      ride.cancelledAt,
      usd(ms(ride.cancelledAt) >= ms(ride.arrivesAt) ? Fares.lateCancelFeeCents : 0),
    ],
  };
  const ending = charge[ride.status];
  if (ending) {
    const [stamp, expectedStamp, charged] = ending;
    check(
      stamp !== undefined && stamp === expectedStamp,
      () => `${id}: ${ride.status} at ${stamp}, expected ${expectedStamp}`,
    );
    check(same(ride.charged, charged), () => `${id}: ${ride.status} charged ${JSON.stringify(ride.charged)}`);
  } else {
    check(ride.charged === undefined, () => `${id}: charged while still ${ride.status}`);
  }
  if (ride.status === "CANCELLED") {
    check(ms(ride.cancelledAt) < ms(ride.boardBy), () => `${id}: cancelled after its boarding window closed`);
  }
  if (ride.rating !== undefined) {
    check(
      [1, 2, 3, 4, 5].includes(ride.rating) && RideClock.statusAt(ride, now) === "COMPLETED",
      () => `${id}: rated ${ride.rating} while ${RideClock.statusAt(ride, now)}`,
    );
  }
}

/** A quote holds its trip's fare, inside the service area, and expires from the table after it stops being valid. */
function checkQuote(quote: StoredItem, check: Check) {
  const id = `quote ${quote.sk}`;
  const pickup = quote.pickup as Location;
  const dropoff = quote.dropoff as Location;
  check(quote.sk === Keys.quote("", String(quote.quoteId)).sk && quote.kind === "quote", () => `${id}: keys`);
  check(ServiceArea.contains(pickup) && ServiceArea.contains(dropoff), () => `${id}: outside the service area`);
  check(same(Fares.plan(pickup, dropoff).fare, quote.fare), () => `${id}: fare ${JSON.stringify(quote.fare)}`);
  check(
    typeof quote.expiresAt === "number" && quote.expiresAt * 1000 >= ms(String(quote.validUntil)),
    () => `${id}: the table drops it (${quote.expiresAt}) before it stops being valid (${quote.validUntil})`,
  );
}

function ids(rides: { rideId: unknown }[]): string {
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

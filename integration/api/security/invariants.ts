/**
 * The table's invariants, checked over a full Scan (tests only; the request path never scans): a unicorn is BUSY
 * exactly while one stored-active ride holds it, OFFERED exactly while one open offer holds it (v3), and AVAILABLE
 * with neither, only AVAILABLE unicorns sit in the dispatch index, a stored-active ride sits in the due index at its
 * first possible deadline, each ride's times, fare and charge agree with the clock and the fare formula, a rider has at most one
 * ride active by the clock and the rider summary's marker names it, every quote holds the fare of its trip, and an
 * account's crew link and its unicorn name each other.
 *
 * Dispatch with offers (v3): a DISPATCHING ride has no unicorn yet and falls due at its dispatch limit (requested +
 * 60 s); past it, it is the sweep's work (`overdue`), and a violation only once the test says a sweep has run since
 * (`sweptAt`). An OPEN offer's ride is DISPATCHING and names it, and its unicorn is OFFERED naming it; an ACCEPTED
 * offer's ride has that unicorn, accepted when the offer was answered, and the unicorn's job list has the ride; a
 * WITHDRAWN offer's ride was cancelled by its rider; a ride's offers are the ones its `offeredTo` names, at most three.
 * A unicorn's RATINGS item counts only its own rated rides, each once. Items of any other shape are violations too.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { type BookedRide, hasUnicorn, offerStatuses } from "@wildrydes/core/rules/api-shapes";
import { Fares, ServiceArea, usd } from "@wildrydes/core/rules/fares";
import { Geo, type Location } from "@wildrydes/core/rules/geo";
import { OfferRules, RideClock } from "@wildrydes/core/rules/ride-clock";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import { answerByOf, type OfferItem } from "@wildrydes/core/store/offer-item";
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
    const out = await Db.documents().send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...((out.Items ?? []) as StoredItem[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export interface InvariantReport {
  unicorns: number;
  /** Every stored ride, with a unicorn or not. */
  rides: number;
  /** Stored DISPATCHING rides (still waiting for a crewed unicorn's answer). */
  dispatching: number;
  offers: number;
  quotes: number;
  riders: number;
  /**
   * Stored-active rides whose deadline has passed, and DISPATCHING rides past their dispatch limit: the sweep's work
   * still to do (not a violation, unless `sweptAt` says a sweep has run since).
   */
  overdue: number;
  /** How many individual facts were checked. */
  checks: number;
  violations: string[];
}

export interface InvariantOptions {
  /**
   * A moment (ms) before the start of a sweep run that has since completed: a ride still stored DISPATCHING whose
   * dispatch limit had passed by then (less `sweepGraceMs`) should have been given up by it, and is a violation.
   */
  sweptAt?: number;
  /** Slack between the test's clock reading and the sweep's (default 1 s). */
  sweepGraceMs?: number;
}

const riderPartition = Keys.riderPartition("");
const unicornPartition = Keys.unicorn("").pk;
const profileSk = Keys.riderProfile("").sk;
const isProfile = (i: StoredItem) => i.pk.startsWith(riderPartition) && i.sk === profileSk;
const isQuote = (i: StoredItem) => i.pk.startsWith(riderPartition) && i.sk.startsWith(Keys.quotePrefix);
const isIdempotency = (i: StoredItem) => i.pk.startsWith(riderPartition) && i.sk.startsWith("IDEMPOTENCY#");
const crewSk = Keys.crewLink("").sk;
const isCrewLink = (i: StoredItem) => i.pk.startsWith(riderPartition) && i.sk === crewSk;
const isOffer = (i: StoredItem) => i.pk.startsWith(unicornPartition) && i.sk.startsWith(Keys.offerPrefix);
const isJob = (i: StoredItem) => i.pk.startsWith(unicornPartition) && i.sk.startsWith(Keys.jobPrefix);
/** A stored ride with its unicorn: every ride a bot or an accepting crew has taken. */
type BookedItem = RideItem & BookedRide & StoredItem;
type AnyRideItem = RideItem & StoredItem;
type StoredOffer = OfferItem & StoredItem;
const isBooked = (r: AnyRideItem): r is BookedItem => hasUnicorn(r);
const storedActive = (r: RideItem) => r.status === "EN_ROUTE" || r.status === "IN_PROGRESS";
const ms = (iso: string | null | undefined) => (iso === undefined || iso === null ? Number.NaN : Date.parse(iso));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** The dispatch limit of a ride (stored while DISPATCHING, removed once it ends; always requested + 60 s). */
const limitOf = (ride: Pick<RideItem, "requestedAt">) => OfferRules.dispatchBy(ride.requestedAt);

/**
 * When a ride stops counting as active: its dropoff once boarded, else its boarding deadline (the workshop's: arrival);
 * a ride no unicorn has taken (DISPATCHING, or given up), its dispatch limit.
 */
export function deadlineOf(ride: RideItem): string {
  if (!isBooked(ride as AnyRideItem)) return limitOf(ride);
  const booked = ride as BookedItem;
  if (booked.boardedAt) return booked.dropoffAt ?? "";
  return booked.endsOnArrival ? booked.arrivesAt : booked.boardBy;
}

/** When a ride stops counting as active if it is never boarded: what the rider's marker records. */
function unboardedDeadlineOf(ride: RideItem): string {
  const { boardedAt: _, ...unboarded } = ride as BookedItem;
  return deadlineOf(unboarded as RideItem);
}

export function checkInvariants(items: StoredItem[], now = Date.now(), o: InvariantOptions = {}): InvariantReport {
  const unicorns = items.filter(Keys.isUnicorn);
  const stored = items.filter(Keys.isRide) as unknown as AnyRideItem[];
  const rides = stored.filter(isBooked);
  const unbooked = stored.filter((r) => !isBooked(r));
  const offers = items.filter(isOffer) as unknown as StoredOffer[];
  const jobs = items.filter(isJob);
  const profiles = items.filter(isProfile);
  const quotes = items.filter(isQuote);
  const active = rides.filter(storedActive);
  const violations: string[] = [];
  let checks = 0;
  let overdue = 0;
  const check = (ok: boolean, problem: () => string) => {
    checks++;
    if (!ok) violations.push(problem());
  };
  const byName = new Map(unicorns.map((u) => [String(u.name), u]));
  const rideByKey = new Map(stored.map((r) => [`${r.pk}|${r.sk}`, r]));
  const rideOf = (riderId: string, rideId: string) => {
    const keys = Keys.ride(riderId, rideId);
    return rideByKey.get(`${keys.pk}|${keys.sk}`);
  };
  const offersOfRide = new Map<string, StoredOffer[]>();
  for (const offer of offers) offersOfRide.set(offer.rideId, [...(offersOfRide.get(offer.rideId) ?? []), offer]);

  for (const item of items) {
    const tally = Keys.tallyOf(item);
    const known =
      Keys.isUnicorn(item) ||
      Keys.isRide(item) ||
      isProfile(item) ||
      isQuote(item) ||
      isIdempotency(item) ||
      isCrewLink(item) ||
      isOffer(item) ||
      isJob(item) ||
      Keys.isUnicornRatings(item) ||
      tally;
    check(Boolean(known), () => `unknown item ${item.pk} / ${item.sk}`);
    // A stream subscriber's marker names a ride that really reached the state it counted.
    if (tally) {
      // A rider's totals count every ended ride, taken by a unicorn or not (a given-up ride charged nothing).
      const ride = stored.find((r) => r.rideId === tally.rideId);
      const ended = ride && !storedActive(ride) && ride.status !== "DISPATCHING";
      const taken = ride && isBooked(ride) ? ride : undefined;
      const counted = {
        totals: ended && item.pk === Keys.riderPartition(ride.riderId),
        completed: taken?.status === "COMPLETED" && item.pk === Keys.unicorn(taken.unicorn.name).pk,
        rating: taken?.rating !== undefined && item.pk === Keys.unicorn(taken.unicorn.name).pk,
      }[tally.name];
      check(Boolean(counted), () => `tally ${item.sk} under ${item.pk} names no ride in that state`);
    }
    // A unicorn's ratings count only rides of that unicorn that were rated, each once.
    if (Keys.isUnicornRatings(item)) {
      const ids = (item.ratingsCounted ?? []) as string[];
      const rated = new Set(
        rides.filter((r) => r.rating !== undefined && Keys.unicorn(r.unicorn.name).pk === item.pk).map((r) => r.rideId),
      );
      check(
        item.kind === "tally" && new Set(ids).size === ids.length && ids.every((id) => rated.has(id)),
        () => `ratings of ${item.pk} count rides ${ids.join(", ")}, its rated rides are ${[...rated].join(", ")}`,
      );
      check(Number(item.ratings) >= ids.length, () => `ratings of ${item.pk}: ${item.ratings}, fewer than counted`);
    }
  }

  for (const u of unicorns) {
    const name = String(u.name);
    const holding = active.filter((r) => r.unicorn.name === name);
    const open = offers.filter((offer) => offer.pk === u.pk && offer.status === "OPEN");
    // No unicorn is ever held twice: by two rides, two offers, or a ride and an offer.
    check(
      holding.length + open.length <= 1,
      () => `${name}: held ${holding.length + open.length} times (rides ${ids(holding)}, offers ${offerIds(open)})`,
    );
    if (u.status === "AVAILABLE") {
      // Every free unicorn is in the dispatch index where it stands; dispatch passes an off-shift crew by.
      const keys = Keys.availableIn(Geo.cellOf(u.location as Location), name);
      check(
        u.gsi1pk === keys.gsi1pk && u.gsi1sk === keys.gsi1sk,
        () => `${name}: AVAILABLE but indexed as ${u.gsi1pk}/${u.gsi1sk}`,
      );
      check(u.rideId === undefined, () => `${name}: AVAILABLE but still names ride ${u.rideId}`);
      check(u.offerId === undefined, () => `${name}: AVAILABLE but still names offer ${u.offerId}`);
      check(holding.length === 0, () => `${name}: AVAILABLE while ride(s) ${ids(holding)} are active on it`);
      check(open.length === 0, () => `${name}: AVAILABLE while offer(s) ${offerIds(open)} are open to it`);
    } else if (u.status === "OFFERED") {
      const offer = open[0];
      const ride = offer && rideOf(offer.riderId, offer.rideId);
      check(u.crewed === true, () => `${name}: OFFERED, but only crewed unicorns get offers`);
      check(u.gsi1pk === undefined && u.gsi1sk === undefined, () => `${name}: OFFERED but still in the dispatch index`);
      check(
        open.length === 1 && offer?.offerId === u.offerId,
        () => `${name}: OFFERED for ${u.offerId}, its open offers are ${offerIds(open)}`,
      );
      check(
        offer !== undefined && u.rideId === offer.rideId && u.riderId === offer.riderId,
        () => `${name}: OFFERED for ride ${u.rideId} of ${u.riderId}, its open offer is for ${offer?.rideId}`,
      );
      check(
        ride?.status === "DISPATCHING" && ride.offerId === u.offerId,
        () => `${name}: OFFERED for ${u.offerId}, but its ride is ${ride?.status} naming offer ${ride?.offerId}`,
      );
      check(holding.length === 0, () => `${name}: OFFERED while ride(s) ${ids(holding)} are active on it`);
    } else {
      check(u.status === "BUSY", () => `${name}: unknown status ${u.status}`);
      check(u.gsi1pk === undefined && u.gsi1sk === undefined, () => `${name}: BUSY but still in the dispatch index`);
      check(u.offerId === undefined, () => `${name}: BUSY but still names offer ${u.offerId}`);
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
  for (const ride of unbooked) {
    const late = checkUnbooked(ride, now, o, check);
    if (late) overdue++;
  }

  // Offers (v3): each one's ride, unicorn and status agree.
  const jobKeys = new Set(jobs.map((j) => `${j.pk}|${j.sk}`));
  for (const offer of offers) checkOffer(offer, { byName, rideOf, jobKeys }, check);
  for (const ride of stored) {
    const own = (offersOfRide.get(ride.rideId) ?? []).filter((offer) => offer.riderId === ride.riderId);
    const id = `ride ${ride.rideId}`;
    const names = own.sort((a, b) => a.offeredAt.localeCompare(b.offeredAt)).map((offer) => offer.unicorn.name);
    check(
      same(names, ride.offeredTo ?? []) && own.length === (ride.offers ?? 0),
      () => `${id}: offered to ${JSON.stringify(ride.offeredTo)} (${ride.offers}), its offers are to ${names}`,
    );
    check(own.length <= OfferRules.maxOffers, () => `${id}: ${own.length} offers`);
    check(own.filter((offer) => offer.status === "OPEN").length <= 1, () => `${id}: more than one open offer`);
    const accepted = own.filter((offer) => offer.status === "ACCEPTED");
    check(accepted.length <= 1, () => `${id}: ${accepted.length} accepted offers`);
    check(
      (accepted.length === 1) === (ride.crewed === true),
      () => `${id}: crewed ${ride.crewed}, yet ${accepted.length} accepted offers`,
    );
  }
  for (const job of jobs) {
    const ride = rideOf(String(job.riderId), String(job.rideId));
    check(
      ride !== undefined && isBooked(ride) && job.pk === Keys.unicorn(ride.unicorn.name).pk && ride.crewed === true,
      () => `job ${job.sk} under ${job.pk}: its ride is not this crewed unicorn's`,
    );
  }

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

  const riders = new Set(stored.map((r) => r.riderId));
  for (const riderId of riders) {
    const own = stored.filter((r) => r.riderId === riderId);
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
      // Endings leave the marker naming the ended ride (a later booking takes it over); it runs until the ride's
      // deadline before boarding: boarding writes the ride alone.
      check(
        marked !== undefined && profile.activeUntil === unboardedDeadlineOf(marked),
        () =>
          `rider ${riderId}: the marker runs until ${profile.activeUntil}, its ride's deadline is ${marked && unboardedDeadlineOf(marked)}`,
      );
    }
    overdue += own.filter((r) => isBooked(r) && storedActive(r) && ms(deadlineOf(r)) <= now).length;
  }
  for (const profile of profiles) {
    const riderId = profile.pk.slice(riderPartition.length);
    check(riders.has(riderId) || profile.activeRideId === undefined, () => `rider ${riderId}: a marker but no rides`);
  }
  for (const quote of quotes) checkQuote(quote, check);

  return {
    unicorns: unicorns.length,
    rides: stored.length,
    dispatching: stored.filter((r) => r.status === "DISPATCHING").length,
    offers: offers.length,
    quotes: quotes.length,
    riders: riders.size,
    overdue,
    checks,
    violations,
  };
}

type Check = (ok: boolean, problem: () => string) => void;

/** One ride's own facts: keys, the due index, times, fare and what was charged. */
function checkRide(ride: BookedItem, now: number, check: Check) {
  const id = `ride ${ride.rideId}`;
  const keys = Keys.ride(ride.riderId, ride.rideId);
  check(ride.pk === keys.pk && ride.sk === keys.sk, () => `${id}: keys`);
  check(
    ["EN_ROUTE", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"].includes(ride.status),
    () => `${id}: stored as ${ride.status}`,
  );
  // Set when the ride was taken, at its first possible due moment; boarding leaves it.
  const due: { gsi3pk?: string; gsi3sk?: string } = storedActive(ride)
    ? Keys.dueAt(RideClock.firstDue(ride), ride.rideId)
    : {};
  check(
    ride.gsi3pk === due.gsi3pk && ride.gsi3sk === due.gsi3sk,
    () => `${id}: ${ride.status} with due keys ${ride.gsi3sk}, expected ${due.gsi3sk}`,
  );
  // Taken at the request (a bot), or later by the offer chain (a crew's acceptance, or a bot after a decline): the
  // pickup ETA counts from the moment it was taken, which is before the dispatch limit.
  const takenAt = ride.acceptedAt ?? ride.requestedAt;
  check(
    ms(ride.arrivesAt) - ms(takenAt) === ride.etaSeconds * 1000 && ms(ride.boardBy) >= ms(ride.arrivesAt),
    () =>
      `${id}: requested ${ride.requestedAt}, taken ${takenAt}, arrives ${ride.arrivesAt} (eta ${ride.etaSeconds} s), boarding until ${ride.boardBy}`,
  );
  if (ride.acceptedAt !== undefined) {
    check(
      ms(ride.acceptedAt) >= ms(ride.requestedAt) && ms(ride.acceptedAt) < ms(limitOf(ride)),
      () => `${id}: requested ${ride.requestedAt}, taken only at ${ride.acceptedAt}`,
    );
  }
  check(
    ride.offerId === undefined && ride.dispatchBy === undefined,
    () => `${id}: ${ride.status} with a unicorn, yet still names offer ${ride.offerId} / limit ${ride.dispatchBy}`,
  );
  if (ride.endsOnArrival) {
    check(
      same(ride.fare, usd(0)) && same(ride.dropoff, ride.pickup),
      () => `${id}: a workshop ride with a fare or trip`,
    );
  } else {
    checkFare(ride, check);
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
    // Once a unicorn has taken it, only its rider can cancel it.
    check(ride.cancelReason === "RIDER", () => `${id}: cancelled with a unicorn, reason ${ride.cancelReason}`);
    check(ms(ride.cancelledAt) >= ms(takenAt), () => `${id}: cancelled ${ride.cancelledAt}, before taken ${takenAt}`);
  } else {
    check(ride.cancelReason === undefined, () => `${id}: ${ride.status} with cancelReason ${ride.cancelReason}`);
  }
  if (ride.rating !== undefined) {
    check(
      [1, 2, 3, 4, 5].includes(ride.rating) && RideClock.statusAt(ride, now) === "COMPLETED",
      () => `${id}: rated ${ride.rating} while ${RideClock.statusAt(ride, now)}`,
    );
  }
}

/**
 * A ride no unicorn has taken (v3): DISPATCHING until its limit, or cancelled, free, by its rider or for want of an
 * acceptance. True when it is DISPATCHING past its limit (the sweep's work, unless `sweptAt` says it should be done).
 */
function checkUnbooked(ride: AnyRideItem, now: number, o: InvariantOptions, check: Check): boolean {
  const id = `ride ${ride.rideId}`;
  const keys = Keys.ride(ride.riderId, ride.rideId);
  const limit = limitOf(ride);
  check(ride.pk === keys.pk && ride.sk === keys.sk, () => `${id}: keys`);
  check(
    ride.unicorn === null &&
      ride.unicornFrom === null &&
      ride.arrivesAt === null &&
      ride.etaSeconds === null &&
      ride.boardBy === null &&
      ride.acceptedAt === undefined,
    () => `${id}: ${ride.status} with part of a unicorn's booking (${JSON.stringify(ride.unicorn)}, ${ride.arrivesAt})`,
  );
  check(
    ride.boardedAt === undefined && ride.rating === undefined && ride.endsOnArrival === undefined,
    () => `${id}: ${ride.status} with no unicorn, yet boarded, rated or a workshop ride`,
  );
  checkFare(ride, check);
  if (ride.status === "DISPATCHING") {
    check(ride.dispatchBy === limit, () => `${id}: requested ${ride.requestedAt}, dispatch limit ${ride.dispatchBy}`);
    const due = Keys.dueAt(limit, ride.rideId);
    check(
      ride.gsi3pk === due.gsi3pk && ride.gsi3sk === due.gsi3sk,
      () => `${id}: DISPATCHING with due keys ${ride.gsi3sk}, expected ${due.gsi3sk}`,
    );
    check(ride.charged === undefined && ride.cancelReason === undefined, () => `${id}: DISPATCHING yet charged`);
    check((ride.offers ?? 0) >= 1, () => `${id}: DISPATCHING with no offer ever made`);
    if (o.sweptAt !== undefined) {
      check(
        ms(limit) + (o.sweepGraceMs ?? 1000) > o.sweptAt,
        () =>
          `${id}: still DISPATCHING after its limit ${limit} and a sweep since ${new Date(o.sweptAt ?? 0).toISOString()}`,
      );
    }
    return ms(limit) <= now;
  }
  check(ride.status === "CANCELLED", () => `${id}: ${ride.status} with no unicorn`);
  check(
    ride.cancelReason === "RIDER" || ride.cancelReason === "NO_UNICORN_ACCEPTED",
    () => `${id}: cancelled with no unicorn, reason ${ride.cancelReason}`,
  );
  check(
    same(ride.charged, usd(0)),
    () => `${id}: cancelled before a unicorn took it, charged ${JSON.stringify(ride.charged)}`,
  );
  check(
    ms(ride.cancelledAt) >= ms(ride.requestedAt) && ms(ride.cancelledAt) <= ms(limit),
    () => `${id}: requested ${ride.requestedAt}, cancelled ${ride.cancelledAt}, limit ${limit}`,
  );
  check(
    ride.gsi3pk === undefined &&
      ride.gsi3sk === undefined &&
      ride.offerId === undefined &&
      ride.dispatchBy === undefined,
    () => `${id}: cancelled, yet still due (${ride.gsi3sk}), naming offer ${ride.offerId} or limit ${ride.dispatchBy}`,
  );
  return false;
}

interface OfferContext {
  byName: Map<string, StoredItem>;
  rideOf: (riderId: string, rideId: string) => AnyRideItem | undefined;
  jobKeys: Set<string>;
}

/** One offer's facts: its keys and times, its unicorn, and its ride as its status says. */
function checkOffer(offer: StoredOffer, c: OfferContext, check: Check) {
  const id = `offer ${offer.offerId}`;
  const name = offer.unicorn?.name;
  const keys = Keys.offer(name ?? "", offer.offerId);
  check(offer.pk === keys.pk && offer.sk === keys.sk && offer.kind === "offer", () => `${id}: keys`);
  const u = c.byName.get(name ?? "");
  check(
    u?.crewed === true && u.unicornId === offer.unicornId && offer.unicorn.unicornId === offer.unicornId,
    () => `${id}: to ${offer.unicornId}, not a crewed unicorn of that id`,
  );
  check(
    ms(answerByOf(offer)) - ms(offer.offeredAt) === OfferRules.answerSeconds * 1000,
    () => `${id}: offered ${offer.offeredAt}, expires ${answerByOf(offer)}`,
  );
  check((offerStatuses as readonly string[]).includes(offer.status), () => `${id}: status ${offer.status}`);
  check(
    Number.isInteger(offer.pickupEtaSeconds) &&
      offer.pickupEtaSeconds >= 0 &&
      offer.pickupEtaSeconds === Math.ceil(Geo.distanceMetres(offer.unicornAt, offer.pickup) / Number(u?.speedMps)),
    () => `${id}: pickup ETA ${offer.pickupEtaSeconds} s from ${JSON.stringify(offer.unicornAt)}`,
  );
  const ride = c.rideOf(offer.riderId, offer.rideId);
  check(ride !== undefined, () => `${id}: its ride ${offer.rideId} is not stored`);
  if (!ride) return;
  check(ms(offer.offeredAt) >= ms(ride.requestedAt), () => `${id}: offered before its ride was requested`);
  check(
    same(offer.pickup, ride.pickup) &&
      same(offer.dropoff, ride.dropoff) &&
      same(offer.fare, ride.fare) &&
      offer.distanceMetres === ride.distanceMetres &&
      offer.tripSeconds === ride.tripSeconds,
    () => `${id}: its trip or fare differs from ride ${ride.rideId}'s`,
  );
  const answered = ms(offer.answeredAt);
  if (offer.status === "OPEN") {
    check(offer.answeredAt === undefined, () => `${id}: OPEN yet answered ${offer.answeredAt}`);
    check(
      ride.status === "DISPATCHING" && ride.offerId === offer.offerId,
      () => `${id}: OPEN, but its ride is ${ride.status} naming offer ${ride.offerId}`,
    );
    check(
      u?.status === "OFFERED" && u.offerId === offer.offerId,
      () => `${id}: OPEN, but ${name} is ${u?.status} naming offer ${u?.offerId}`,
    );
    return;
  }
  check(offer.answeredAt !== undefined, () => `${id}: ${offer.status} with no answeredAt`);
  check(ride.offerId !== offer.offerId, () => `${id}: ${offer.status}, yet its ride still names it`);
  check(
    !(u?.status === "OFFERED" && u.offerId === offer.offerId),
    () => `${id}: ${offer.status}, yet ${name} is still held for it`,
  );
  if (offer.status === "ACCEPTED" || offer.status === "DECLINED") {
    // An answer counts only before the offer expires.
    check(
      answered >= ms(offer.offeredAt) && answered < ms(answerByOf(offer)),
      () => `${id}: ${offer.status} at ${offer.answeredAt}, offered ${offer.offeredAt}, expiring ${answerByOf(offer)}`,
    );
  }
  if (offer.status === "ACCEPTED") {
    const taken = isBooked(ride) ? ride : undefined;
    check(
      taken?.unicorn.unicornId === offer.unicornId &&
        taken.acceptedAt === offer.answeredAt &&
        taken.crewed === true &&
        same(taken.unicornFrom, offer.unicornAt) &&
        taken.etaSeconds === offer.pickupEtaSeconds,
      () =>
        `${id}: ACCEPTED at ${offer.answeredAt}, but its ride has ${ride.unicorn?.unicornId} accepted at ${ride.acceptedAt}`,
    );
    check(
      c.jobKeys.has(`${Keys.job(name ?? "", offer.rideId).pk}|${Keys.job(name ?? "", offer.rideId).sk}`),
      () => `${id}: ACCEPTED, but ${name}'s jobs do not list ride ${offer.rideId}`,
    );
  }
  if (offer.status === "EXPIRED") {
    // Expired by the chain when its time ran out, or with its ride given up at the dispatch limit.
    check(
      answered >= ms(answerByOf(offer)) || answered >= ms(limitOf(ride)),
      () => `${id}: EXPIRED at ${offer.answeredAt}, before its time ${answerByOf(offer)}`,
    );
  }
  if (offer.status === "WITHDRAWN") {
    check(
      ride.status === "CANCELLED" &&
        ride.cancelReason === "RIDER" &&
        ride.cancelledAt === offer.answeredAt &&
        ride.unicorn === null,
      () =>
        `${id}: WITHDRAWN at ${offer.answeredAt}, but its ride is ${ride.status} (${ride.cancelReason}) at ${ride.cancelledAt}`,
    );
  }
}

/** The ride's fare, trip and distance are the formula's for its pickup and dropoff. */
function checkFare(ride: AnyRideItem, check: Check) {
  const plan = Fares.plan(ride.pickup, ride.dropoff);
  check(
    Math.abs(plan.distanceMetres - ride.distanceMetres) < 1e-6 &&
      plan.tripSeconds === ride.tripSeconds &&
      same(plan.fare, ride.fare),
    () =>
      `ride ${ride.rideId}: fare ${JSON.stringify(ride.fare)} for ${ride.distanceMetres} m, the formula says ${plan.fare.amount}`,
  );
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

function offerIds(offers: { offerId: unknown }[]): string {
  return offers.map((o) => String(o.offerId)).join(", ") || "none";
}

/** Every ride the API answered 201 for is stored in its rider's partition: nothing acknowledged was lost. */
export function missingRides(items: StoredItem[], acknowledged: { riderId: string; rideId: string }[]): string[] {
  const keyOf = ({ pk, sk }: { pk: string; sk: string }) => `${pk}|${sk}`;
  const stored = new Set(items.map(keyOf));
  return acknowledged
    .filter((a) => !stored.has(keyOf(Keys.ride(a.riderId, a.rideId))))
    .map((a) => `${a.riderId}/${a.rideId}`);
}

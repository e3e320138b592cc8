/**
 * The offer chain under load, on a stack of this file's own: 50 riders at once against the fleet (twelve bots and the
 * three crewed unicorns, all on shift), the crews answering by a simple script (each in its own rotation of accept,
 * decline and ignore, polling GET /unicorn/offers/current as an app without push would), and riders churning for the
 * first 30 s: a rider with a unicorn cancels it after a moment and asks again, a refused rider (409
 * NO_UNICORN_AVAILABLE) asks again after a moment; after that each keeps what it has. Then:
 * - every ride that waited for a crew (DISPATCHING) ended EN_ROUTE (a crew accepted, or a bot took it after a decline
 *   or an expiry) or CANCELLED with NO_UNICORN_ACCEPTED, within 60 s of its request, by the chain alone: the sweep
 *   never runs here, and no ride is left stored DISPATCHING;
 * - no unicorn was ever held by two rides at once, judged from what the clients saw: a ride certainly held its
 *   unicorn from the answer showing it taken until its rider sent the cancel, and no two such spans of one unicorn
 *   overlap;
 * - the table's invariants hold.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Ride } from "@wildrydes/core/rules/api-shapes";
import type { Location } from "@wildrydes/core/rules/geo";
import { OfferRules } from "@wildrydes/core/rules/ride-clock";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { type CrewApi, crewApi } from "@wildrydes/testing/crew-api";
import { type MintedRider, mintedRiders } from "@wildrydes/testing/minted-riders";
import { apiClient, type Call, nearby } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants, scanTable } from "../api/security/invariants";

const riderCount = 50;
const churnMs = 30_000;
const downtown: Location = { latitude: 47.6115, longitude: -122.3345 };

let stack: Stack;
let api: Call;
let crews: { unicornId: string; api: CrewApi }[];
let riders: MintedRider[];

beforeAll(async () => {
  // Unthrottled: 50 riders retrying are a load test, not abuse.
  stack = await startStack({ web: false, throttle: false });
  api = apiClient(stack.endpoints);
  const accounts = stack.endpoints.demoAccounts?.unicorns ?? [];
  crews = await Promise.all(
    accounts.map(async (a) => ({
      unicornId: a.unicornId,
      api: crewApi(stack.endpoints, (await signInDemo(stack.endpoints, a)).accessToken),
    })),
  );
  expect(crews).toHaveLength(3);
  for (const crew of crews) expect((await crew.api.shift(true)).status).toBe(200);
  riders = await mintedRiders(stack.endpoints, riderCount);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

/** A small deterministic generator, so a failing run can be replayed with the same pickups and pauses. */
function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(20260707);
const between = (min: number, max: number) => min + (max - min) * random();
const around = (at: Location, metres: number): Location => ({
  latitude: Number((at.latitude + between(-1, 1) * (metres / 111_000)).toFixed(6)),
  longitude: Number((at.longitude + between(-1, 1) * (metres / 75_000)).toFixed(6)),
});

/** A span in which a ride certainly held its unicorn (ms). */
interface Hold {
  unicornId: string;
  rideId: string;
  from: number;
  until: number;
}

describe("50 riders at once against three crews on shift and the bots", () => {
  it("settles every offered ride within the limit, never holds a unicorn twice, and keeps the table consistent", async () => {
    const crewed = seattleFleet.filter((u) => u.crewed);
    // Half the riders stand near a crew's starting place (a crew is likely nearest), half anywhere downtown.
    const pickups = riders.map((_, i) =>
      i % 2 === 0 ? around(crewed[i % crewed.length]?.location ?? downtown, 250) : around(downtown, 1500),
    );
    const counts = {
      requests: 0,
      refused: 0,
      bookedAtOnce: 0,
      dispatching: 0,
      acceptedByCrew: 0,
      passedToBot: 0,
      noUnicornAccepted: 0,
      riderCancels: 0,
      crewAccepted: 0,
      crewDeclined: 0,
      crewIgnored: 0,
      crewTooLate: 0,
    };
    const unexpected: string[] = [];
    const holds = new Map<string, Hold>();
    const waits: number[] = [];
    const latencies: number[] = [];
    const started = Date.now();
    const churning = () => Date.now() - started < churnMs;
    let done = false;

    const held = (ride: Ride, at: number) => {
      const hold = holds.get(ride.rideId);
      if (hold) hold.from = Math.min(hold.from, at);
      else
        holds.set(ride.rideId, {
          unicornId: ride.unicorn?.unicornId ?? "?",
          rideId: ride.rideId,
          from: at,
          until: Infinity,
        });
    };

    async function rider(i: number) {
      const me = riders[i] as MintedRider;
      const pickup = pickups[i] as Location;
      // Answers are a Ride or an error body: checked below, so typed loosely.
      const call = (method: string, path: string, body?: unknown) => api(method, path, { token: me.accessToken, body });
      for (let first = true; first || churning(); first = false) {
        counts.requests++;
        const sent = performance.now();
        const asked = await call("POST", "/rides", { pickup, dropoff: nearby(pickup, 300) });
        latencies.push(performance.now() - sent);
        if (asked.status === 409 && asked.body.error?.code === "NO_UNICORN_AVAILABLE") {
          counts.refused++;
          await sleep(between(300, 1200));
          continue;
        }
        if (asked.status !== 201) {
          unexpected.push(`rider ${i}: POST /rides answered ${asked.status} ${JSON.stringify(asked.body)}`);
          return;
        }
        let ride: Ride = asked.body;
        if (ride.status === "DISPATCHING") {
          counts.dispatching++;
          // Poll as the rider's app would without push, until the chain has decided.
          while (ride.status === "DISPATCHING") {
            await sleep(300);
            const read = await call("GET", `/rides/${ride.rideId}`);
            if (read.status !== 200) unexpected.push(`rider ${i}: GET ride answered ${read.status}`);
            else ride = read.body;
            if (Date.now() - Date.parse(ride.requestedAt) > (OfferRules.dispatchSeconds + 10) * 1000) {
              unexpected.push(`rider ${i}: ride ${ride.rideId} still DISPATCHING 70 s after its request`);
              return;
            }
          }
          const taken = ride.acceptedAt ?? ride.cancelledAt ?? "";
          waits.push(Date.parse(taken) - Date.parse(ride.requestedAt));
          if (ride.status === "CANCELLED" && ride.cancelReason === "NO_UNICORN_ACCEPTED") {
            counts.noUnicornAccepted++;
            continue;
          }
          const byCrew = crewed.some((u) => u.unicornId === ride.unicorn?.unicornId);
          if (byCrew) counts.acceptedByCrew++;
          else counts.passedToBot++;
        } else {
          counts.bookedAtOnce++;
        }
        if (!["EN_ROUTE", "ARRIVED"].includes(ride.status) || !ride.unicorn) {
          unexpected.push(`rider ${i}: ride ${ride.rideId} ended ${ride.status}/${ride.cancelReason}`);
          return;
        }
        held(ride, Date.now());
        if (!churning()) return; // keeps its unicorn to the end
        await sleep(between(500, 2500));
        const hold = holds.get(ride.rideId);
        if (hold) hold.until = Date.now();
        const cancelled = await call("POST", `/rides/${ride.rideId}/cancel`);
        if (cancelled.status === 200) counts.riderCancels++;
        else unexpected.push(`rider ${i}: cancel answered ${cancelled.status} ${JSON.stringify(cancelled.body)}`);
      }
    }

    /** Each crew answers its offers in its own rotation; an ignored offer runs out on its own. */
    async function crew(index: number) {
      const { api: me } = crews[index] as (typeof crews)[number];
      const moves = ["accept", "decline", "accept", "ignore"] as const;
      const rotation = moves.map((_, k) => moves[(k + index) % moves.length]);
      const answered = new Set<string>();
      for (let n = 0; !done; await sleep(200)) {
        const current = await me.currentOffer();
        if (current.status !== 200 || answered.has(current.body.offerId)) continue;
        const offer = current.body;
        answered.add(offer.offerId);
        const move = rotation[n++ % rotation.length];
        if (move === "ignore") {
          counts.crewIgnored++;
          continue;
        }
        const answer = move === "accept" ? await me.accept(offer.offerId) : await me.decline(offer.offerId);
        if (answer.status === 200) {
          if (move === "accept") {
            counts.crewAccepted++;
            held(answer.body as Ride, Date.now());
          } else counts.crewDeclined++;
        } else if (answer.status === 409 && answer.body.error?.code === "OFFER_CLOSED") {
          // Withdrawn or run out between the read and the answer: the race the offer's transaction settles.
          counts.crewTooLate++;
        } else {
          unexpected.push(`crew ${index}: ${move} answered ${answer.status} ${JSON.stringify(answer.body)}`);
        }
      }
    }

    const crewsAnswering = crews.map((_, index) => crew(index));
    await Promise.all(riders.map((_, i) => rider(i)));
    done = true;
    await Promise.all(crewsAnswering);
    await stack.offerChains.settled();
    const seconds = (Date.now() - started) / 1000;

    const items = await scanTable(stack.endpoints.tableName);
    const report = checkInvariants(items);
    const offers = items.filter((i) => i.sk.startsWith("OFFER#"));
    const offerStatuses = Object.fromEntries(
      ["ACCEPTED", "DECLINED", "EXPIRED", "WITHDRAWN", "OPEN"].map((s) => [
        s,
        offers.filter((o) => o.status === s).length,
      ]),
    );
    const overlaps = overlapping([...holds.values()]);
    console.log(
      `offer chain load: ${riderCount} riders, ${counts.requests} requests in ${seconds.toFixed(1)} s; ` +
        `${counts.refused} refused 409 NO_UNICORN_AVAILABLE, ${counts.bookedAtOnce} booked a bot at once, ` +
        `${counts.dispatching} DISPATCHING → ${counts.acceptedByCrew} accepted by a crew, ${counts.passedToBot} ` +
        `passed to a bot, ${counts.noUnicornAccepted} NO_UNICORN_ACCEPTED (longest wait ${(Math.max(0, ...waits) / 1000).toFixed(1)} s); ` +
        `${counts.riderCancels} cancelled by riders; crews accepted ${counts.crewAccepted}, declined ` +
        `${counts.crewDeclined}, ignored ${counts.crewIgnored}, too late ${counts.crewTooLate}; offers stored ` +
        `${JSON.stringify(offerStatuses)}; POST /rides p50 ${percentile(latencies, 0.5)} ms, p99 ` +
        `${percentile(latencies, 0.99)} ms; ${report.checks} invariant checks over ${report.rides} rides`,
    );

    expect(unexpected).toEqual([]);
    expect(overlaps).toEqual([]);
    expect(report.violations).toEqual([]);
    // The chain alone settled every ride (the sweep never ran): none is stored DISPATCHING, none waited past 60 s.
    expect(report.dispatching).toBe(0);
    expect(offerStatuses.OPEN).toBe(0);
    expect(waits.filter((w) => !(w >= 0 && w < OfferRules.dispatchSeconds * 1000))).toEqual([]);
    expect(counts.dispatching).toBe(counts.acceptedByCrew + counts.passedToBot + counts.noUnicornAccepted);
    // The script's three moves all happened, so every way an offer ends was exercised.
    expect(counts.dispatching).toBeGreaterThan(0);
    expect([counts.crewAccepted, counts.crewDeclined, counts.crewIgnored].every((n) => n > 0)).toBe(true);
    expect(stack.offerChains.running()).toBe(0);
  }, 150_000);
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
}

/** Pairs of spans in which one unicorn was certainly held by two rides. */
function overlapping(holds: Hold[]): string[] {
  const found: string[] = [];
  const byUnicorn = new Map<string, Hold[]>();
  for (const hold of holds) byUnicorn.set(hold.unicornId, [...(byUnicorn.get(hold.unicornId) ?? []), hold]);
  for (const [unicornId, spans] of byUnicorn) {
    const sorted = spans.sort((a, b) => a.from - b.from);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const [a, b] = [sorted[i] as Hold, sorted[j] as Hold];
        if (b.from < a.until) found.push(`${unicornId}: rides ${a.rideId} and ${b.rideId} held it at once`);
      }
    }
  }
  return found;
}

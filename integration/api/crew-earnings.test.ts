/**
 * A crewed unicorn's earnings (GET /unicorn/me) against DynamoDB Local: each ending adds the crew's cut of its charge
 * to the unicorn's total once, a job the clock has ended counts before the sweep stores it, and today's figure is the
 * jobs ended today. Jobs are written as accepting one leaves them (the ride, its job pointer, the unicorn busy with
 * it); the clock moves instead of waiting: the sweep and Crew.self take `now`.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Fares, usd } from "@wildrydes/core/rules/fares";
import { unicornIdOf } from "@wildrydes/core/rules/roster";
import { Booking } from "@wildrydes/core/store/booking";
import { Crew } from "@wildrydes/core/store/crew";
import { Db } from "@wildrydes/core/store/db";
import { Keys } from "@wildrydes/core/store/keys";
import { Sweep } from "@wildrydes/core/store/sweep";
import { type Stack, startStack } from "@wildrydes/local/stack";
import { booked } from "@wildrydes/testing/rider-api";
import { busyRide, writeItems } from "@wildrydes/testing/scenes";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ web: false, seed: false });
});

afterAll(async () => {
  await stack?.stop();
});

const day = 86_400_000;
const t0 = Date.parse("2026-06-01T12:00:00.000Z");
const fareCut = Fares.crewCut(usd(812)); // the scenes' fare: $8.12, so $6.50 to the crew
const feeCut = Fares.crewCut(usd(Fares.noShowFeeCents));

/** A job requested at `at` (ms) for unicorn `name`, as an accepted offer leaves it; returns the stored ride. */
async function job(name: string, at: number, o: { boarded: boolean }) {
  const [unicorn, ride] = busyRide({
    name,
    rideId: ulid(at),
    riderId: `rider-${ulid(at)}`,
    boarded: o.boarded,
    requestedAt: at,
  });
  const pointer = { ...Keys.job(name, ride.rideId), kind: "job", riderId: ride.riderId, rideId: ride.rideId };
  // The unicorn busy with it, crewed, keeping what earlier endings added to its profile.
  const { Item } = await Db.documents().send(new GetCommand({ TableName: Db.tableName(), Key: Keys.unicorn(name) }));
  const counted = { rides: Item?.rides, earnedCents: Item?.earnedCents };
  const crewed = { ...unicorn, ...counted, crewed: true, onShift: true };
  await writeItems(Db.documents(), Db.tableName(), [{ ...ride, crewed: true }, pointer, crewed]);
  return booked({ ...ride, crewed: true }, "a job");
}

const link = (name: string) => ({ unicornId: unicornIdOf(name), name });
const earnings = async (name: string, now: number) => (await Crew.self(link(name), new Date(now))).earnings;
const cents = (today: number, total: number) => ({ today: usd(today), total: usd(total) });

describe("a crewed unicorn's earnings", () => {
  it("count a job the clock has completed at once, and once when sweeps store it", async () => {
    await job("Comet", t0, { boarded: true });
    const afterDropoff = t0 + 300_000; // the scenes' dropoff is at 200 s
    expect(await earnings("Comet", afterDropoff)).toEqual(cents(fareCut, fareCut));
    await Promise.all([Sweep.run(new Date(afterDropoff)), Sweep.run(new Date(afterDropoff))]);
    expect(await earnings("Comet", afterDropoff)).toEqual(cents(fareCut, fareCut));
    await Sweep.run(new Date(afterDropoff + 60_000));
    expect(await earnings("Comet", afterDropoff + 60_000)).toEqual(cents(fareCut, fareCut));
  });

  it("add 80 % of every charge: a trip, a no-show's fee, a late cancel's fee; an early cancel adds nothing", async () => {
    const start = t0 + 3_600_000;
    await job("Nova", start, { boarded: true });
    await Sweep.run(new Date(start + 300_000)); // completed
    await job("Nova", start + 600_000, { boarded: false });
    await Sweep.run(new Date(start + 1_000_000)); // never boarded: a no-show
    const late = await job("Nova", start + 1_200_000, { boarded: false });
    const arrived = new Date(start + 1_200_000 + 90_000); // the unicorn waits at the pickup
    const fee = usd(Fares.lateCancelFeeCents);
    const lateCancel = {
      status: "CANCELLED" as const,
      at: arrived.toISOString(),
      charged: fee,
      unicornAt: late.pickup,
    };
    expect(await Booking.end(late, lateCancel, "EN_ROUTE", arrived.toISOString())).toBe(true);
    const early = await job("Nova", start + 1_500_000, { boarded: false });
    const onItsWay = new Date(start + 1_500_000 + 10_000);
    const freeCancel = { ...lateCancel, at: onItsWay.toISOString(), charged: usd(0), unicornAt: early.pickup };
    expect(await Booking.end(early, freeCancel, "EN_ROUTE", onItsWay.toISOString())).toBe(true);
    const all = fareCut + feeCut + Fares.crewCut(fee);
    expect(await earnings("Nova", start + 1_600_000)).toEqual(cents(all, all));
  });

  it("count yesterday's jobs in the total only, and a job requested before midnight and ended after it today", async () => {
    const evening = Date.parse("2026-06-02T23:58:00.000Z");
    await job("Vega", evening - 3_600_000, { boarded: true });
    await Sweep.run(new Date(evening - 3_000_000)); // ended yesterday, as the next day sees it
    await job("Vega", evening, { boarded: true }); // its dropoff is at 00:01:20
    const morning = Date.parse("2026-06-03T08:00:00.000Z");
    expect(await earnings("Vega", morning)).toEqual(cents(fareCut, 2 * fareCut));
    await Sweep.run(new Date(morning));
    expect(await earnings("Vega", morning)).toEqual(cents(fareCut, 2 * fareCut));
    expect(await earnings("Vega", morning + day)).toEqual(cents(0, 2 * fareCut));
  });

  it("read only the jobs of the last two days, however long the unicorn's history", async () => {
    const lastMonth = Date.parse("2026-05-01T09:00:00.000Z");
    const history = Array.from({ length: 250 }, (_, n) => {
      const [, ride] = busyRide({
        name: "Halley",
        rideId: ulid(lastMonth + n * 60_000),
        riderId: "old",
        boarded: true,
        requestedAt: lastMonth,
      });
      const { gsi3pk, gsi3sk, ...stored } = ride; // completed and swept long ago
      const pointer = { ...Keys.job("Halley", ride.rideId), kind: "job", riderId: ride.riderId, rideId: ride.rideId };
      return [
        { ...stored, status: "COMPLETED", completedAt: ride.dropoffAt, charged: ride.fare, crewed: true },
        pointer,
      ];
    });
    await writeItems(Db.documents(), Db.tableName(), history.flat());
    const today = Date.parse("2026-06-05T10:00:00.000Z");
    await job("Halley", today, { boarded: true });
    // Every ride the read asks DynamoDB for, counted as the client sends it.
    let ridesRead = 0;
    const counter = "countRideReads";
    Db.dynamodb().middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { RequestItems?: Record<string, { Keys: unknown[] }> };
        if (context.commandName === "BatchGetItemCommand")
          ridesRead += Object.values(input.RequestItems ?? {}).reduce((n, r) => n + r.Keys.length, 0);
        return next(args);
      },
      { step: "initialize", name: counter },
    );
    try {
      expect(await earnings("Halley", today + 300_000)).toEqual(cents(fareCut, fareCut));
    } finally {
      Db.dynamodb().middlewareStack.remove(counter);
    }
    expect(ridesRead).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { type BookedRide, hasUnicorn } from "../rules/api-shapes";
import { RideError } from "../rules/errors";
import { sampleRide } from "../rules/sample-ride";
import { Keys } from "./keys";
import { Cursor, type RideItem, toRide } from "./ride-item";

const sample = sampleRide();
if (!hasUnicorn(sample)) throw new Error(`the sample ride is ${sample.status} with no unicorn`);
// A bot's ride, booked at the request: its unicorn and times are all set.
const stored: RideItem & BookedRide = {
  ...Keys.ride("abc", "01JZ0000000000000000000000"),
  kind: "ride",
  riderId: "abc",
  ...sample,
  status: "EN_ROUTE",
};
const at = (iso: string) => new Date(iso);

describe("toRide", () => {
  it("is EN_ROUTE before the arrival time, ARRIVED from it on, NO_SHOW with the fee once the window closes", () => {
    expect(toRide(stored, at("2030-01-01T10:00:59.999Z")).status).toBe("EN_ROUTE");
    expect(toRide(stored, at("2030-01-01T10:01:00.000Z")).status).toBe("ARRIVED");
    const noShow = toRide(stored, at("2030-01-01T10:06:00.000Z"));
    expect(noShow).toMatchObject({ status: "NO_SHOW", noShowAt: stored.boardBy, charged: { amount: 500 } });
  });

  it("completes a trip at its dropoff time, charging the fare", () => {
    const riding = { ...stored, status: "IN_PROGRESS" as const, boardedAt: "2030-01-01T10:02:00.000Z" };
    const trip = { ...riding, dropoffAt: "2030-01-01T10:05:45.000Z" };
    expect(toRide(trip, at("2030-01-01T10:05:44.999Z")).status).toBe("IN_PROGRESS");
    expect(toRide(trip, at("2030-01-01T10:05:45.000Z"))).toMatchObject({
      status: "COMPLETED",
      completedAt: trip.dropoffAt,
      charged: stored.fare,
    });
  });

  it("ends the workshop's rides at arrival, for nothing", () => {
    const workshop = { ...stored, endsOnArrival: true };
    expect(toRide(workshop, at("2030-01-01T10:01:00.000Z"))).toMatchObject({
      status: "COMPLETED",
      completedAt: stored.arrivesAt,
      charged: { amount: 0, currency: "USD" },
    });
  });

  it("keeps finished rides as they are and hides storage fields", () => {
    const ride = toRide(
      { ...stored, status: "CANCELLED", ...Keys.dueAt(stored.boardBy, stored.rideId) },
      at("2031-01-01T00:00:00Z"),
    );
    expect(ride.status).toBe("CANCELLED");
    for (const field of ["pk", "sk", "kind", "riderId", "gsi3pk", "gsi3sk", "endsOnArrival"]) {
      expect(ride).not.toHaveProperty(field);
    }
  });
});

describe("Cursor", () => {
  it("round-trips a ride id", () => {
    expect(Cursor.decode(Cursor.encode(stored.rideId))).toBe(stored.rideId);
  });

  it.each([
    ["not base64 json", "%%%"],
    ["json without a ride id", Buffer.from('{"x":1}').toString("base64url")],
    [
      "a key of another partition",
      Buffer.from(JSON.stringify({ after: Keys.riderPartition("other") })).toString("base64url"),
    ],
  ])("refuses %s with a validation error", (_, cursor) => {
    expect(() => Cursor.decode(cursor)).toThrowError(RideError);
    try {
      Cursor.decode(cursor);
    } catch (error) {
      expect((error as RideError).code).toBe("VALIDATION_ERROR");
    }
  });
});

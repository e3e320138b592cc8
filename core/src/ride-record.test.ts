import { describe, expect, it } from "vitest";
import { RideError } from "./errors";
import { Keys } from "./keys";
import { Cursor, toRide } from "./ride-record";

const stored = {
  ...Keys.ride("abc", "01JZ0000000000000000000000"),
  kind: "ride" as const,
  riderId: "abc",
  rideId: "01JZ0000000000000000000000",
  status: "EN_ROUTE" as const,
  pickup: { latitude: 47.6, longitude: -122.3 },
  unicorn: { name: "Shadowfax", color: "White", gender: "Male" as const },
  unicornFrom: { latitude: 47.61, longitude: -122.33 },
  requestedAt: "2026-01-01T00:00:00.000Z",
  arrivesAt: "2026-01-01T00:01:00.000Z",
  etaSeconds: 60,
};

describe("toRide", () => {
  it("is EN_ROUTE before the arrival time and ARRIVED from it on", () => {
    expect(toRide(stored, new Date("2026-01-01T00:00:59.999Z")).status).toBe("EN_ROUTE");
    expect(toRide(stored, new Date("2026-01-01T00:01:00.000Z")).status).toBe("ARRIVED");
  });

  it("keeps finished rides as they are and hides storage fields", () => {
    const ride = toRide({ ...stored, status: "CANCELLED" }, new Date("2027-01-01T00:00:00Z"));
    expect(ride.status).toBe("CANCELLED");
    expect(Object.keys(ride)).not.toEqual(expect.arrayContaining(["pk"]));
    expect(ride).not.toHaveProperty("riderId");
    expect(ride).not.toHaveProperty("unicornFrom");
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

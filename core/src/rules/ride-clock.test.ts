import { describe, expect, it } from "vitest";
import { RideClock, type TimedRide } from "./ride-clock";

const ride: TimedRide = {
  status: "EN_ROUTE",
  pickup: { latitude: 47.6, longitude: -122.3 },
  dropoff: { latitude: 47.7, longitude: -122.4 },
  unicornFrom: { latitude: 47.5, longitude: -122.2 },
  fare: { amount: 900, currency: "USD" },
  requestedAt: "2026-01-01T00:00:00.000Z",
  arrivesAt: "2026-01-01T00:01:40.000Z",
  boardBy: "2026-01-01T00:06:40.000Z",
};

describe("RideClock", () => {
  it("moves the unicorn from where it set off to the pickup, then with the rider to the dropoff", () => {
    expect(RideClock.unicornPosition(ride, Date.parse("2026-01-01T00:00:50.000Z"))).toEqual({
      latitude: 47.55,
      longitude: -122.25,
    });
    expect(RideClock.unicornPosition(ride, Date.parse("2026-01-01T00:05:00.000Z"))).toEqual(ride.pickup);
    const riding = {
      ...ride,
      status: "IN_PROGRESS" as const,
      boardedAt: "2026-01-01T00:02:00.000Z",
      dropoffAt: "2026-01-01T00:04:00.000Z",
    };
    const halfway = RideClock.unicornPosition(riding, Date.parse("2026-01-01T00:03:00.000Z"));
    expect(halfway.latitude).toBeCloseTo(47.65, 10);
    expect(halfway.longitude).toBeCloseTo(-122.35, 10);
  });

  it("counts down to a moment and stops at zero", () => {
    expect(RideClock.secondsUntil(ride.arrivesAt, Date.parse("2026-01-01T00:00:00.500Z"))).toBe(100);
    expect(RideClock.secondsUntil(ride.arrivesAt, Date.parse("2026-01-01T00:09:00.000Z"))).toBe(0);
  });

  it("reads the boarding window from the environment, 5 minutes by default", () => {
    expect(RideClock.boardingWindowSeconds({})).toBe(300);
    expect(RideClock.boardingWindowSeconds({ BOARDING_WINDOW_SECONDS: "30" })).toBe(30);
    expect(RideClock.boardingWindowSeconds({ BOARDING_WINDOW_SECONDS: "soon" })).toBe(300);
  });

  it("says which states are active", () => {
    expect(["EN_ROUTE", "ARRIVED", "IN_PROGRESS"].every((s) => RideClock.isActive(s as never))).toBe(true);
    expect(["COMPLETED", "CANCELLED", "NO_SHOW"].some((s) => RideClock.isActive(s as never))).toBe(false);
  });
});

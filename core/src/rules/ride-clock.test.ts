import { describe, expect, it } from "vitest";
import { RideClock, type TimedRide } from "./ride-clock";

// A bot's ride, booked at the request: `satisfies` keeps its times strings (a TimedRide's may be null).
const ride = {
  status: "EN_ROUTE",
  pickup: { latitude: 47.6, longitude: -122.3 },
  dropoff: { latitude: 47.7, longitude: -122.4 },
  unicornFrom: { latitude: 47.5, longitude: -122.2 },
  fare: { amount: 900, currency: "USD" },
  requestedAt: "2026-01-01T00:00:00.000Z",
  arrivesAt: "2026-01-01T00:01:40.000Z",
  boardBy: "2026-01-01T00:06:40.000Z",
} satisfies TimedRide;

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

describe("RideClock, a ride still DISPATCHING (no unicorn has accepted yet)", () => {
  const dispatching = {
    ...ride,
    status: "DISPATCHING",
    unicornFrom: null,
    arrivesAt: null,
    boardBy: null,
  } satisfies TimedRide;
  const at = (iso: string) => Date.parse(iso);

  it("is active: the rider waits for it", () => {
    expect(RideClock.isActive("DISPATCHING")).toBe(true);
  });

  it("is given up 60 s after the request: CANCELLED for nothing, no unicorn having accepted", () => {
    const lastMoment = at("2026-01-01T00:00:59.999Z");
    expect(RideClock.statusAt(dispatching, lastMoment)).toBe("DISPATCHING");
    expect(RideClock.passage(dispatching, lastMoment)).toBeNull();
    expect(RideClock.rideAt(dispatching, lastMoment)).toEqual(dispatching);

    for (const now of ["2026-01-01T00:01:00.000Z", "2026-01-01T00:30:00.000Z"]) {
      expect(RideClock.statusAt(dispatching, at(now))).toBe("CANCELLED");
      expect(RideClock.rideAt(dispatching, at(now))).toEqual({
        ...dispatching,
        status: "CANCELLED",
        cancelledAt: "2026-01-01T00:01:00.000Z",
        cancelReason: "NO_UNICORN_ACCEPTED",
        charged: { amount: 0, currency: "USD" },
      });
    }
  });

  it("shows no unicorn moving: its position is the pickup", () => {
    for (const now of ["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:30.000Z"]) {
      expect(RideClock.unicornPosition(dispatching, at(now))).toEqual(dispatching.pickup);
    }
  });

  it("moves a crewed unicorn from when it accepted, not from the request", () => {
    // Accepted 40 s after the request, at the pickup 100 s later: halfway 50 s after accepting.
    const crewed = {
      ...ride,
      acceptedAt: "2026-01-01T00:00:40.000Z",
      arrivesAt: "2026-01-01T00:02:20.000Z",
    } satisfies TimedRide;
    expect(RideClock.unicornPosition(crewed, at("2026-01-01T00:00:20.000Z"))).toEqual(crewed.unicornFrom);
    expect(RideClock.unicornPosition(crewed, at("2026-01-01T00:00:40.000Z"))).toEqual(crewed.unicornFrom);
    expect(RideClock.unicornPosition(crewed, at("2026-01-01T00:01:30.000Z"))).toEqual({
      latitude: 47.55,
      longitude: -122.25,
    });
    expect(RideClock.unicornPosition(crewed, at("2026-01-01T00:02:20.000Z"))).toEqual(crewed.pickup);
  });

  it("keys a taken ride at its first possible due moment: no boarding can put its dropoff before it", () => {
    // Arrives 00:01:40, boarding until 00:06:40: a 60 s trip could end at 00:02:40, a 400 s one only after 00:06:40.
    expect(RideClock.firstDue({ ...ride, tripSeconds: 60 })).toBe("2026-01-01T00:02:40.000Z");
    expect(RideClock.firstDue({ ...ride, tripSeconds: 400 })).toBe(ride.boardBy);
    expect(RideClock.firstDue({ ...ride, tripSeconds: 60, endsOnArrival: true })).toBe(ride.arrivesAt);
  });
});

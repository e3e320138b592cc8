import { sampleDispatchingRide, sampleRide } from "@wildrydes/core/rules/sample-ride";
import { describe, expect, it } from "vitest";
import { liveEventOf } from "./live-events";

const dispatching = sampleDispatchingRide();
const offer = {
  offerId: "01JZ0000000000000000000A01",
  rideId: dispatching.rideId,
  unicornId: "stardust",
  pickup: dispatching.pickup,
  dropoff: dispatching.dropoff,
  fare: dispatching.fare,
  distanceMetres: 1100,
  pickupEtaSeconds: 90,
  offeredAt: "2030-01-01T10:00:00.000Z",
  expiresAt: "2030-01-01T10:00:15.000Z",
  status: "OPEN",
};

describe("the live channels' events, checked before a page trusts them", () => {
  it("passes a ride on, a ride still finding its unicorn (nulls, not absent) included", () => {
    expect(liveEventOf({ type: "ride", ride: sampleRide() })).toEqual({ type: "ride", ride: sampleRide() });
    expect(liveEventOf({ type: "ride", ride: dispatching })).toEqual({ type: "ride", ride: dispatching });
  });

  it("passes an offer on, open or ended", () => {
    expect(liveEventOf({ type: "offer", offer })).toEqual({ type: "offer", offer });
    expect(liveEventOf({ type: "offer", offer: { ...offer, status: "WITHDRAWN" } })?.type).toBe("offer");
  });

  it("drops anything else", () => {
    expect(liveEventOf(null)).toBeNull();
    expect(liveEventOf("ride")).toBeNull();
    expect(liveEventOf({ type: "unicorn", unicorn: {} })).toBeNull();
    expect(liveEventOf({ type: "ride", ride: { ...sampleRide(), status: "LOST" } })).toBeNull();
    expect(liveEventOf({ type: "ride", ride: { ...sampleRide(), arrivesAt: undefined } })).toBeNull();
    expect(liveEventOf({ type: "offer", offer: { ...offer, status: "MAYBE" } })).toBeNull();
    expect(liveEventOf({ type: "offer", offer: { ...offer, expiresAt: 15 } })).toBeNull();
    expect(liveEventOf({ type: "offer", ride: offer })).toBeNull();
  });
});

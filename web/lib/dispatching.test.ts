import { sampleDispatchingRide, sampleRide } from "@wildrydes/core/rules/sample-ride";
import { describe, expect, it } from "vitest";
import { chargeReason, noUnicornAccepted, unicornLabel } from "./receipt";
import { cancelFee, hasUnicorn, isActive, nextChangeAt, rideAt, unicornPosition } from "./ride-progress";
import { jobCountdown, jobSentence } from "./unicorn-jobs";

const at = (iso: string) => Date.parse(iso);
/** A ride waiting for a crewed unicorn to accept: no unicorn, no times yet. */
const finding = sampleDispatchingRide;

describe("a ride still finding its unicorn", () => {
  it("has no unicorn to show or move, is active and free to cancel", () => {
    const now = at("2030-01-01T10:00:10.000Z");
    expect(hasUnicorn(finding())).toBe(false);
    expect(hasUnicorn(sampleRide())).toBe(true);
    expect(isActive(finding(), now)).toBe(true);
    expect(unicornPosition(finding(), now)).toEqual(finding().pickup);
    expect(cancelFee(finding(), now).amount).toBe(0);
  });

  it("is next changed by the clock at the dispatch limit, then shows cancelled with no unicorn accepted", () => {
    expect(nextChangeAt(finding(), at("2030-01-01T10:00:10.000Z"))).toBe(at("2030-01-01T10:01:00.000Z"));
    const given = rideAt(finding(), at("2030-01-01T10:01:00.000Z"));
    expect(given).toMatchObject({ status: "CANCELLED", cancelReason: "NO_UNICORN_ACCEPTED", charged: { amount: 0 } });
    expect(isActive(finding(), at("2030-01-01T10:01:00.000Z"))).toBe(false);
  });

  it("is named sensibly in the history and its receipt says why nothing was charged", () => {
    const unanswered = finding({
      status: "CANCELLED",
      cancelReason: "NO_UNICORN_ACCEPTED",
      charged: { amount: 0, currency: "USD" },
    });
    expect(unicornLabel(finding())).toBe("Finding a unicorn");
    expect(unicornLabel(unanswered)).toBe("No unicorn accepted");
    expect(unicornLabel(sampleRide())).toBe("Shadowfax");
    expect(chargeReason(unanswered)).toBe("No charge: no unicorn accepted your ride.");
    const withdrawn = { ...unanswered, cancelReason: "RIDER" as const };
    expect(chargeReason(withdrawn)).toBe("No charge: you cancelled before a unicorn accepted.");
    expect(noUnicornAccepted).toBe("No unicorn accepted your ride — you were not charged. Try again.");
  });

  it("has nothing for a crew to fly or count down to", () => {
    expect(jobSentence(finding(), at("2030-01-01T10:00:10.000Z"))).toBe(
      "This ride is still being offered to unicorns.",
    );
    expect(jobCountdown(finding())).toBeNull();
  });
});

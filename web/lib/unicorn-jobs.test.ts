import { sampleRide } from "@wildrydes/core/rules/sample-ride";
import { describe, expect, it } from "vitest";
import type { Ride } from "./api-client";
import { rideAt } from "./ride-progress";
import { endedSentence, jobAmount, jobCountdown, jobSentence, shiftSentence, unicornTitle } from "./unicorn-jobs";

const at = (iso: string) => Date.parse(iso);
const job = (over: Partial<Ride> = {}): Ride =>
  sampleRide({
    unicorn: { unicornId: "stardust", name: "Stardust", color: "Golden", gender: "Female" },
    fare: { amount: 1234, currency: "USD" },
    arrivesAt: "2030-01-01T10:02:00.000Z",
    etaSeconds: 120,
    boardBy: "2030-01-01T10:07:00.000Z",
    ...over,
  });

describe("a job in the crew's words, by the ride clock", () => {
  it("says where the job stands at each step, and what the countdown counts to", () => {
    const before = rideAt(job(), at("2030-01-01T10:01:00.000Z"));
    expect(jobSentence(before, at("2030-01-01T10:01:00.000Z"))).toBe(
      "Fly to your rider's pickup: you're due there in about 60 seconds.",
    );
    expect(jobCountdown(before)).toEqual({ label: "At the pickup in", until: "2030-01-01T10:02:00.000Z" });

    const waiting = rideAt(job(), at("2030-01-01T10:03:00.000Z"));
    expect(waiting.status).toBe("ARRIVED");
    expect(jobSentence(waiting, at("2030-01-01T10:03:00.000Z"))).toBe(
      "You're at the pickup. Wait for your rider to board: they have about 4 minutes.",
    );
    expect(jobCountdown(waiting)?.until).toBe(waiting.boardBy);

    const boarded = job({
      status: "IN_PROGRESS",
      boardedAt: "2030-01-01T10:03:00.000Z",
      dropoffAt: "2030-01-01T10:03:55.000Z",
    });
    expect(jobSentence(rideAt(boarded, at("2030-01-01T10:03:10.000Z")), at("2030-01-01T10:03:10.000Z"))).toBe(
      "Your rider is on board. Fly them to the destination: about 45 seconds to go.",
    );
    const done = rideAt(boarded, at("2030-01-01T10:04:00.000Z"));
    expect(done.status).toBe("COMPLETED");
    expect(jobCountdown(done)).toBeNull();
    expect(jobSentence(done, at("2030-01-01T10:04:00.000Z"))).toBe("Job done: your rider is at their destination.");
  });

  it("says how a job ended, and what the rider paid once it has", () => {
    expect(rideAt(job(), at("2030-01-01T10:08:00.000Z")).status).toBe("NO_SHOW");
    expect(endedSentence({ status: "NO_SHOW" })).toMatch(/didn't board in time/);
    expect(endedSentence({ status: "CANCELLED" })).toBe("Your rider cancelled that job.");
    // Gone from the API before the clock saw it end (a cancel): no guess at how.
    expect(endedSentence(null)).toBe("Your last job has ended.");
    expect(jobAmount(job())).toEqual(["Fare", "$12.34"]);
    expect(jobAmount(job({ status: "CANCELLED", charged: { amount: 500, currency: "USD" } }))).toEqual([
      "Rider paid",
      "$5.00",
    ]);
  });

  it("names the unicorn by its colour and says the shift, off shift keeping the job", () => {
    expect(unicornTitle({ name: "Stardust", color: "Golden" })).toBe("Stardust, the golden unicorn");
    expect(shiftSentence({ onShift: true, saving: false, hasJob: false })).toMatch(/^You're on shift/);
    expect(shiftSentence({ onShift: false, saving: false, hasJob: true })).toMatch(/current job continues/);
    expect(shiftSentence({ onShift: false, saving: true, hasJob: false })).toBe("Going on shift…");
  });
});

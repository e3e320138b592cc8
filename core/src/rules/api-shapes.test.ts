import { describe, expect, it } from "vitest";
import { ListRidesQuery, parseOrThrow, RequestRideBody } from "./api-shapes";
import { RideError } from "./errors";

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RideError);
    return ((error as RideError).details as { field: string }[] | undefined)?.map((d) => d.field);
  }
  throw new Error("expected a validation error");
}

describe("RequestRideBody", () => {
  const here = { latitude: 47.6, longitude: -122.3 };
  const there = { latitude: 47.62, longitude: -122.35 };

  it("accepts a pickup and dropoff, or a quote", () => {
    expect(parseOrThrow(RequestRideBody, { pickup: here, dropoff: there })).toEqual({ pickup: here, dropoff: there });
    expect(parseOrThrow(RequestRideBody, { quoteId: "01JZ0000000000000000000000" })).toEqual({
      quoteId: "01JZ0000000000000000000000",
    });
  });

  it("wants a quote or both points, not a mixture", () => {
    expect(problemsOf(() => parseOrThrow(RequestRideBody, {}))).toEqual(["pickup", "dropoff"]);
    expect(problemsOf(() => parseOrThrow(RequestRideBody, { pickup: here }))).toEqual(["dropoff"]);
    expect(problemsOf(() => parseOrThrow(RequestRideBody, { quoteId: "q", pickup: here }))).toEqual(["quoteId"]);
  });

  it("names the field that is out of range, missing or unknown", () => {
    expect(
      problemsOf(() => parseOrThrow(RequestRideBody, { pickup: { latitude: 91, longitude: 0 }, dropoff: here })),
    ).toEqual(["pickup.latitude"]);
    expect(problemsOf(() => parseOrThrow(RequestRideBody, { pickup: here, dropoff: here, tip: 5 }))).toEqual(["tip"]);
    expect(
      problemsOf(() => parseOrThrow(RequestRideBody, { pickup: { latitude: "1", longitude: 1 }, dropoff: here })),
    ).toEqual(["pickup.latitude"]);
  });
});

describe("ListRidesQuery", () => {
  it("defaults the page size and refuses sizes outside 1..50", () => {
    expect(parseOrThrow(ListRidesQuery, {})).toEqual({ limit: 20 });
    expect(parseOrThrow(ListRidesQuery, { limit: "5" })).toEqual({ limit: 5 });
    expect(problemsOf(() => parseOrThrow(ListRidesQuery, { limit: "51" }))).toEqual(["limit"]);
    expect(problemsOf(() => parseOrThrow(ListRidesQuery, { limit: "0" }))).toEqual(["limit"]);
  });
});

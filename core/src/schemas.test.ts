import { describe, expect, it } from "vitest";
import { RideError } from "./errors";
import { ListRidesQuery, parseOrThrow, RequestRideBody } from "./schemas";

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RideError);
    return (error as RideError).details?.map((d) => d.field);
  }
  throw new Error("expected a validation error");
}

describe("RequestRideBody", () => {
  it("accepts a pickup inside the world", () => {
    expect(parseOrThrow(RequestRideBody, { pickup: { latitude: 47.6, longitude: -122.3 } })).toEqual({
      pickup: { latitude: 47.6, longitude: -122.3 },
    });
  });

  it("names the field that is out of range, missing or unknown", () => {
    expect(problemsOf(() => parseOrThrow(RequestRideBody, { pickup: { latitude: 91, longitude: 0 } }))).toEqual([
      "pickup.latitude",
    ]);
    expect(problemsOf(() => parseOrThrow(RequestRideBody, {}))).toEqual(["pickup"]);
    expect(problemsOf(() => parseOrThrow(RequestRideBody, { pickup: { latitude: 1, longitude: 1 }, tip: 5 }))).toEqual([
      "tip",
    ]);
    expect(problemsOf(() => parseOrThrow(RequestRideBody, { pickup: { latitude: "1", longitude: 1 } }))).toEqual([
      "pickup.latitude",
    ]);
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

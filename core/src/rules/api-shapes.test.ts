import { describe, expect, it } from "vitest";
import { ListRidesQuery, parseOrThrow, RequestRideBody } from "./api-shapes";
import { RideError } from "./errors";

async function problemsOf(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(RideError);
    return ((error as RideError).details as { field: string }[] | undefined)?.map((d) => d.field);
  }
  throw new Error("expected a validation error");
}

describe("RequestRideBody", () => {
  const here = { latitude: 47.6, longitude: -122.3 };
  const there = { latitude: 47.62, longitude: -122.35 };

  it("accepts a pickup and dropoff, or a quote", async () => {
    expect(await parseOrThrow(RequestRideBody, { pickup: here, dropoff: there })).toEqual({
      pickup: here,
      dropoff: there,
    });
    expect(await parseOrThrow(RequestRideBody, { quoteId: "01JZ0000000000000000000000" })).toEqual({
      quoteId: "01JZ0000000000000000000000",
    });
  });

  it("wants a quote or both points, not a mixture", async () => {
    expect(await problemsOf(() => parseOrThrow(RequestRideBody, {}))).toEqual(["pickup", "dropoff"]);
    expect(await problemsOf(() => parseOrThrow(RequestRideBody, { pickup: here }))).toEqual(["dropoff"]);
    expect(await problemsOf(() => parseOrThrow(RequestRideBody, { quoteId: "q", pickup: here }))).toEqual(["quoteId"]);
  });

  it("names the field that is out of range, missing or unknown", async () => {
    expect(
      await problemsOf(() => parseOrThrow(RequestRideBody, { pickup: { latitude: 91, longitude: 0 }, dropoff: here })),
    ).toEqual(["pickup.latitude"]);
    expect(await problemsOf(() => parseOrThrow(RequestRideBody, { pickup: here, dropoff: here, tip: 5 }))).toEqual([
      "tip",
    ]);
    expect(
      await problemsOf(() => parseOrThrow(RequestRideBody, { pickup: { latitude: "1", longitude: 1 }, dropoff: here })),
    ).toEqual(["pickup.latitude"]);
  });
});

describe("a refusal's words", () => {
  it("are zod's English ones, loaded with the first refusal", async () => {
    const refusal = await parseOrThrow(RequestRideBody, { pickup: { latitude: 91, longitude: 0 }, tip: 5 }).catch(
      (error: RideError) => error,
    );
    expect(refusal).toBeInstanceOf(RideError);
    expect((refusal as RideError).details).toEqual([
      { field: "pickup.latitude", problem: "Too big: expected number to be <=90" },
      { field: "tip", problem: 'Unrecognized key: "tip"' },
      { field: "dropoff", problem: "required (or send a quoteId)" },
    ]);
  });
});

describe("ListRidesQuery", () => {
  it("defaults the page size and refuses sizes outside 1..50", async () => {
    expect(await parseOrThrow(ListRidesQuery, {})).toEqual({ limit: 20 });
    expect(await parseOrThrow(ListRidesQuery, { limit: "5" })).toEqual({ limit: 5 });
    expect(await problemsOf(() => parseOrThrow(ListRidesQuery, { limit: "51" }))).toEqual(["limit"]);
    expect(await problemsOf(() => parseOrThrow(ListRidesQuery, { limit: "0" }))).toEqual(["limit"]);
  });
});

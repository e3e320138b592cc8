import { subscriptions } from "@wildrydes/functions/catalogue/subscriptions";
import { describe, expect, it } from "vitest";
import { matchesAny } from "../../local/src/streams/event-filter";

const ride = (image: Record<string, unknown>) => ({ kind: { S: "ride" }, ...image });
const change = (eventName: string, NewImage: object, OldImage?: object) => ({
  eventName,
  dynamodb: { NewImage, OldImage },
});
const filtersOf = (name: string) => subscriptions.find((s) => s.name === name)?.filters ?? [];

describe("Lambda event filtering, locally", () => {
  it("lets a rating through to the ratings subscriber once, not a later change of a rated ride", () => {
    const filters = filtersOf("UnicornRatings");
    expect(matchesAny(change("MODIFY", ride({ rating: { N: "4" } }), ride({})), filters)).toBe(true);
    expect(matchesAny(change("MODIFY", ride({ rating: { N: "4" } }), ride({ rating: { N: "4" } })), filters)).toBe(
      false,
    );
    expect(matchesAny(change("INSERT", ride({ rating: { N: "4" } })), filters)).toBe(false);
  });

  it("lets the end of a ride through to rider totals, and nothing about quotes or unicorns", () => {
    const filters = filtersOf("RiderTotals");
    const enRoute = ride({ status: { S: "EN_ROUTE" } });
    expect(matchesAny(change("MODIFY", ride({ status: { S: "CANCELLED" } }), enRoute), filters)).toBe(true);
    expect(matchesAny(change("MODIFY", ride({ status: { S: "IN_PROGRESS" } }), enRoute), filters)).toBe(false);
    const quote = { kind: { S: "quote" }, status: { S: "COMPLETED" } };
    expect(matchesAny(change("MODIFY", quote, { kind: { S: "quote" } }), filters)).toBe(false);
  });

  it("compares DynamoDB numbers as numbers for extraordinary rides", () => {
    const filters = filtersOf("ExtraordinaryRides");
    const fare = (amount: string) => ride({ fare: { M: { amount: { N: amount } } }, distanceMetres: { N: "900" } });
    expect(matchesAny(change("INSERT", fare("5000")), filters)).toBe(true);
    expect(matchesAny(change("INSERT", fare("999")), filters)).toBe(false);
    expect(
      matchesAny(
        change("INSERT", ride({ fare: { M: { amount: { N: "900" } } }, distanceMetres: { N: "20000" } })),
        filters,
      ),
    ).toBe(true);
    expect(matchesAny(change("MODIFY", fare("9000"), fare("9000")), filters)).toBe(false);
  });
});

/** The dashboard's words for money, counts, durations and buckets (locale and zone pinned). */
import { describe, expect, it } from "vitest";
import {
  formatAsOf,
  formatBucketLong,
  formatBucketShort,
  formatCount,
  formatDollarsShort,
  formatDuration,
  formatMoney,
  formatSecondsShort,
  formatShare,
} from "./format";

const usd = (amount: number) => ({ amount, currency: "USD" as const });
const utc = { locale: "en-US", timeZone: "UTC" };
const seattle = { locale: "en-US", timeZone: "America/Los_Angeles" };

describe("money", () => {
  it("reads integer cents as grouped dollars", () => {
    expect(formatMoney(usd(0), "en-US")).toBe("$0.00");
    expect(formatMoney(usd(5), "en-US")).toBe("$0.05");
    expect(formatMoney(usd(123_456), "en-US")).toBe("$1,234.56");
    expect(formatMoney(usd(1_000_000_00), "en-US")).toBe("$1,000,000.00");
  });

  it("is short on a chart's axis", () => {
    expect(formatDollarsShort(0, "en-US")).toBe("$0");
    expect(formatDollarsShort(12.34, "en-US")).toBe("$12.3");
    expect(formatDollarsShort(1_234.5, "en-US")).toBe("$1.2K");
  });
});

describe("counts and shares", () => {
  it("groups thousands and says a share of a whole, if there is one", () => {
    expect(formatCount(1234, "en-US")).toBe("1,234");
    expect(formatShare(3, 4, "en-US")).toBe("75%");
    expect(formatShare(1, 3, "en-US")).toBe("33%");
    expect(formatShare(0, 0, "en-US")).toBeNull();
  });
});

describe("durations", () => {
  it("use seconds, then minutes and seconds, then hours and minutes", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(44.6)).toBe("45 s");
    expect(formatDuration(59.4)).toBe("59 s");
    expect(formatDuration(60)).toBe("1 min");
    expect(formatDuration(200)).toBe("3 min 20 s");
    expect(formatDuration(3599)).toBe("59 min 59 s");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(2 * 3600 + 5 * 60 + 29)).toBe("2 h 5 min");
    expect(formatDuration(52 * 3600)).toBe("52 h");
  });

  it("read nonsense as no time", () => {
    expect(formatDuration(-5)).toBe("0 s");
    expect(formatDuration(Number.NaN)).toBe("0 s");
  });

  it("are seconds on an axis under a minute, then minutes", () => {
    expect(formatSecondsShort(45)).toBe("45 s");
    expect(formatSecondsShort(60)).toBe("1 min");
    expect(formatSecondsShort(90)).toBe("1.5 min");
    expect(formatSecondsShort(150)).toBe("2.5 min");
    expect(formatSecondsShort(600)).toBe("10 min");
  });
});

describe("buckets", () => {
  const start = Date.parse("2026-03-03T02:00:00Z");

  it("name hours in the browser's zone", () => {
    expect(formatBucketShort(start, "hour", utc)).toBe("Tue 2 AM");
    expect(formatBucketShort(start, "hour", seattle)).toBe("Mon 6 PM");
    expect(formatBucketLong(start, "hour", seattle)).toBe("Mon, Mar 2, 6:00 PM");
  });

  it("name days as the API counts them, in UTC, wherever the browser is", () => {
    const day = Date.parse("2026-03-03T00:00:00Z");
    expect(formatBucketShort(day, "day", seattle)).toBe("Tue, Mar 3");
    expect(formatBucketLong(day, "day", seattle)).toBe("Tue, Mar 3, 2026");
  });

  it("say when the data is from, to the second", () => {
    expect(formatAsOf("2026-03-03T14:05:09Z", utc)).toBe("Mar 3, 2026, 2:05:09 PM");
  });
});

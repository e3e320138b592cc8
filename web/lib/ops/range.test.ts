/** The dashboard's range rules, which must match GET /ops/metrics's: at most 31 days, `to` not before `from`. */
import { metricsBucketMs, metricsRangeLimits } from "@wildrydes/core/rules/request-bodies";
import { describe, expect, it } from "vitest";
import {
  bucketCount,
  bucketMs,
  choiceFromQuery,
  choiceToQuery,
  defaultBucket,
  fromLocalInput,
  maxRangeMs,
  metricsQuery,
  resolveRange,
  toLocalInput,
  validateRange,
} from "./range";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.parse("2026-03-10T12:00:00.000Z");
const at = (ms: number) => new Date(now + ms);

describe("validateRange, as the API validates", () => {
  it("has the API's limit and buckets", () => {
    expect(maxRangeMs).toBe(metricsRangeLimits.maxMs);
    expect(bucketMs).toEqual(metricsBucketMs);
  });

  it("takes a range up to exactly 31 days, and an empty one", () => {
    expect(validateRange(at(-maxRangeMs), at(0))).toEqual([]);
    expect(validateRange(at(-DAY), at(0))).toEqual([]);
    expect(validateRange(at(0), at(0))).toEqual([]);
  });

  it("refuses a range over 31 days, on the end field", () => {
    expect(validateRange(at(-maxRangeMs - 60_000), at(0))).toEqual([
      { field: "to", message: "Choose a range of 31 days or less." },
    ]);
  });

  it("refuses an end before the start", () => {
    expect(validateRange(at(0), at(-60_000))).toEqual([{ field: "to", message: "The end can't be before the start." }]);
  });

  it("refuses a start before 1970, as the API does", () => {
    expect(validateRange(new Date(-60_000), new Date(60_000))).toEqual([
      { field: "from", message: "Choose a start after 1 January 1970." },
    ]);
  });

  it("asks for both ends, each on its own field, and for real dates", () => {
    expect(validateRange(null, null).map((p) => p.field)).toEqual(["from", "to"]);
    expect(validateRange(new Date(Number.NaN), at(0)).map((p) => p.field)).toEqual(["from"]);
    expect(validateRange(at(0), null).map((p) => p.field)).toEqual(["to"]);
  });
});

describe("the bucket a range gets", () => {
  it("is the hour up to two days and the day beyond", () => {
    expect(defaultBucket(resolveRange({ kind: "preset", preset: "24h" }, now))).toBe("hour");
    expect(defaultBucket({ from: at(-2 * DAY), to: at(0) })).toBe("hour");
    expect(defaultBucket({ from: at(-2 * DAY - 1), to: at(0) })).toBe("day");
    expect(defaultBucket(resolveRange({ kind: "preset", preset: "7d" }, now))).toBe("day");
    expect(defaultBucket(resolveRange({ kind: "preset", preset: "30d" }, now))).toBe("day");
  });

  it("counts the bars a range makes, at least one", () => {
    expect(bucketCount({ from: at(-DAY), to: at(0) }, "hour")).toBe(24);
    expect(bucketCount({ from: at(-7 * DAY), to: at(0) }, "day")).toBe(7);
    expect(bucketCount({ from: at(-90 * 60_000), to: at(0) }, "hour")).toBe(2);
    expect(bucketCount({ from: at(0), to: at(0) }, "day")).toBe(1);
  });
});

describe("presets", () => {
  it("slide with the clock: the last N up to now", () => {
    expect(resolveRange({ kind: "preset", preset: "7d" }, now)).toEqual({ from: at(-7 * DAY), to: at(0) });
    const later = resolveRange({ kind: "preset", preset: "24h" }, now + 30_000);
    expect(later.to.getTime() - later.from.getTime()).toBe(DAY);
    expect(later.to.getTime()).toBe(now + 30_000);
  });

  it("leave a custom range as it was chosen", () => {
    const custom = { kind: "custom" as const, from: at(-3 * DAY), to: at(-DAY) };
    expect(resolveRange(custom, now)).toEqual({ from: custom.from, to: custom.to });
  });
});

describe("the API's query", () => {
  it("is from and to in ISO 8601 and the bucket", () => {
    expect(metricsQuery({ from: at(-DAY), to: at(0) }, "hour")).toBe(
      "from=2026-03-09T12%3A00%3A00.000Z&to=2026-03-10T12%3A00%3A00.000Z&bucket=hour",
    );
  });
});

describe("datetime-local inputs", () => {
  it("read and write the browser's local time, to the minute", () => {
    const date = fromLocalInput("2026-03-03T14:05");
    expect(date).toEqual(new Date(2026, 2, 3, 14, 5));
    expect(toLocalInput(date as Date)).toBe("2026-03-03T14:05");
    expect(toLocalInput(new Date(2026, 0, 9, 7, 3, 59))).toBe("2026-01-09T07:03");
  });

  it("take seconds, and refuse what is no time at all", () => {
    expect(fromLocalInput("2026-03-03T14:05:30")).toEqual(new Date(2026, 2, 3, 14, 5, 30));
    for (const bad of ["", "2026-03-03", "2026-02-31T10:00", "2026-13-01T10:00", "yesterday", "2026-03-03T25:00"]) {
      expect(fromLocalInput(bad), bad).toBeNull();
    }
  });
});

describe("the page's own query", () => {
  it("round-trips presets, custom ranges and a chosen bucket", () => {
    const custom = { kind: "custom" as const, from: at(-3 * DAY), to: at(-DAY) };
    for (const [choice, bucket] of [
      [{ kind: "preset", preset: "7d" }, null],
      [{ kind: "preset", preset: "30d" }, "hour"],
      [custom, "day"],
    ] as const) {
      const query = choiceToQuery(choice, bucket);
      expect(choiceFromQuery(query)).toEqual({ choice, bucket });
    }
  });

  it("leaves the default range out of the address", () => {
    expect(choiceToQuery({ kind: "preset", preset: "24h" }, null)).toEqual({});
    expect(choiceFromQuery({})).toEqual({ choice: { kind: "preset", preset: "24h" }, bucket: null });
  });

  it("falls back to the last 24 hours for a range the API would refuse or nobody can read", () => {
    const fallback = { kind: "preset", preset: "24h" };
    const iso = (ms: number) => at(ms).toISOString();
    expect(choiceFromQuery({ from: iso(-40 * DAY), to: iso(0) }).choice).toEqual(fallback);
    expect(choiceFromQuery({ from: iso(0), to: iso(-DAY) }).choice).toEqual(fallback);
    expect(choiceFromQuery({ from: "soon", to: iso(0) }).choice).toEqual(fallback);
    expect(choiceFromQuery({ range: "1y", bucket: "week" })).toEqual({ choice: fallback, bucket: null });
    expect(choiceFromQuery({ range: ["7d", "30d"] }).choice).toEqual({ kind: "preset", preset: "7d" });
  });
});

/**
 * The operator dashboard's time range (issue 23): the presets, a custom from/to checked as GET /ops/metrics checks it
 * (at most 31 days, `to` not before `from`), the bucket chosen for a range, and the range as the page's query string.
 * Pure, so the rules are unit-tested (range.test.ts) and the page and the API cannot drift apart silently.
 */

export type Bucket = "hour" | "day";
export type Preset = "24h" | "7d" | "30d";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The API's limit: a range over 31 days is answered 400 VALIDATION_ERROR. */
export const maxRangeMs = 31 * DAY;

/** Up to two days the rides are counted per hour; longer ranges per day (a week by the hour is 168 bars). */
const hourlyUpToMs = 2 * DAY;

export const presets: Record<Preset, { label: string; ms: number }> = {
  "24h": { label: "Last 24 hours", ms: DAY },
  "7d": { label: "Last 7 days", ms: 7 * DAY },
  "30d": { label: "Last 30 days", ms: 30 * DAY },
};
export const presetKeys = Object.keys(presets) as Preset[];

export const bucketMs: Record<Bucket, number> = { hour: HOUR, day: DAY };

/** What the operator picked: a preset slides with the clock (each refresh asks for the last N up to now). */
export type RangeChoice = { kind: "preset"; preset: Preset } | { kind: "custom"; from: Date; to: Date };

export interface Range {
  from: Date;
  to: Date;
}

const defaultPreset: Preset = "24h";
export const defaultChoice: RangeChoice = { kind: "preset", preset: defaultPreset };

/** The range a choice stands for at `now` (ms since the epoch). */
export function resolveRange(choice: RangeChoice, now: number): Range {
  if (choice.kind === "custom") return { from: choice.from, to: choice.to };
  return { from: new Date(now - presets[choice.preset].ms), to: new Date(now) };
}

/** The bucket a range reads best in: hours up to two days, days beyond. The operator may pick the other. */
export function defaultBucket(range: Range): Bucket {
  return range.to.getTime() - range.from.getTime() <= hourlyUpToMs ? "hour" : "day";
}

/** How many buckets of this size the range covers (bars in the charts), at least one. */
export function bucketCount(range: Range, bucket: Bucket): number {
  return Math.max(1, Math.ceil((range.to.getTime() - range.from.getTime()) / bucketMs[bucket]));
}

export interface RangeProblem {
  field: "from" | "to";
  message: string;
}

const valid = (date: Date | null): date is Date => date !== null && !Number.isNaN(date.getTime());

/**
 * The API's rules for a custom range (core's OpsMetricsQuery), in words for the form: both ends given, none before
 * 1970, `to` not before `from`, at most 31 days. An empty list means GET /ops/metrics takes it.
 */
export function validateRange(from: Date | null, to: Date | null): RangeProblem[] {
  const problems: RangeProblem[] = [];
  if (!valid(from)) problems.push({ field: "from", message: "Enter the date and time the range starts." });
  if (!valid(to)) problems.push({ field: "to", message: "Enter the date and time the range ends." });
  if (!valid(from) || !valid(to)) return problems;
  const span = to.getTime() - from.getTime();
  if (from.getTime() < 0) problems.push({ field: "from", message: "Choose a start after 1 January 1970." });
  else if (span < 0) problems.push({ field: "to", message: "The end can't be before the start." });
  else if (span > maxRangeMs) problems.push({ field: "to", message: "Choose a range of 31 days or less." });
  return problems;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A date as a datetime-local input shows it, in the browser's time zone, to the minute: "2026-03-03T14:05". */
export function toLocalInput(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A datetime-local input's value as a date in the browser's time zone; null when empty or not a real time. */
export function fromLocalInput(value: string): Date | null {
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!parts) return null;
  const [year, month, day, hours, minutes, seconds] = parts.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  // new Date rolls 31 February over into March: a date that does not read back the same was never a date.
  if (date.getMonth() !== month - 1 || date.getDate() !== day || date.getHours() !== hours) return null;
  return date;
}

/** The query of GET /ops/metrics for a range: `from=<ISO>&to=<ISO>&bucket=hour|day`. */
export function metricsQuery(range: Range, bucket: Bucket): string {
  return new URLSearchParams({
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    bucket,
  }).toString();
}

type Query = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The page's own query (`?range=7d`, or `?from=<ISO>&to=<ISO>`, and `&bucket=day`) as a choice, so a reload or a
 * shared link shows the same range. Anything unreadable or outside the API's rules falls back to the last 24 hours.
 */
export function choiceFromQuery(query: Query): { choice: RangeChoice; bucket: Bucket | null } {
  const bucketValue = one(query.bucket);
  const bucket = bucketValue === "hour" || bucketValue === "day" ? bucketValue : null;
  const preset = one(query.range);
  if (preset && preset in presets) return { choice: { kind: "preset", preset: preset as Preset }, bucket };
  const from = one(query.from);
  const to = one(query.to);
  if (from && to) {
    const [start, end] = [new Date(from), new Date(to)];
    if (validateRange(start, end).length === 0) return { choice: { kind: "custom", from: start, to: end }, bucket };
  }
  return { choice: defaultChoice, bucket };
}

/** The choice as the page's query: the inverse of choiceFromQuery (the default range is an empty query). */
export function choiceToQuery(choice: RangeChoice, bucket: Bucket | null): Record<string, string> {
  const range: Record<string, string> =
    choice.kind === "custom"
      ? { from: choice.from.toISOString(), to: choice.to.toISOString() }
      : choice.preset === defaultPreset
        ? {}
        : { range: choice.preset };
  return bucket ? { ...range, bucket } : range;
}

/**
 * Words and numbers of the operator dashboard: money, counts, durations and the buckets' times. Hours are read in the
 * browser's time zone; days are the API's UTC days, so they are named in UTC (a Seattle evening is already tomorrow
 * there). `locale` and `timeZone` are the browser's unless given (the unit tests pin both).
 */
import type { Money } from "@wildrydes/core/rules/api-shapes";
import type { Bucket } from "./range";

export interface Zone {
  locale?: string;
  timeZone?: string;
}

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** Intl's formatters are slow to make and quick to use: one per locale, zone and options. */
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  const found = formats.get(key);
  if (found) return found as T;
  const made = make();
  formats.set(key, made);
  return made;
}

const numberFormat = (locale: string | undefined, options: Intl.NumberFormatOptions) =>
  cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));

const dateFormat = (zone: Zone, options: Intl.DateTimeFormatOptions) =>
  cached(
    `d|${zone.locale}|${zone.timeZone}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(zone.locale, { ...options, timeZone: zone.timeZone }),
  );

/** "$1,234.56": integer cents as dollars, grouped. */
export function formatMoney(money: Money, locale?: string): string {
  return numberFormat(locale, { style: "currency", currency: money.currency }).format(money.amount / 100);
}

/** "$12.3", "$1.2K": dollars on a chart's axis. */
export function formatDollarsShort(dollars: number, locale?: string): string {
  return numberFormat(locale, {
    style: "currency",
    currency: "USD",
    notation: "compact",
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }).format(dollars);
}

/** "1,234". */
export function formatCount(count: number, locale?: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(count);
}

/** "75%" of a whole; null when there is no whole to share. */
export function formatShare(part: number, whole: number, locale?: string): string | null {
  if (whole <= 0) return null;
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(part / whole);
}

/**
 * A duration in words short enough for a table cell: "45 s", "3 min 20 s", "3 min", "2 h 5 min", "52 h". Seconds
 * are dropped from an hour or more; negative or non-finite input reads as 0 s.
 */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.round(seconds)) : 0;
  if (total < 60) return `${total} s`;
  if (total < 3600) {
    const [m, s] = [Math.floor(total / 60), total % 60];
    return s === 0 ? `${m} min` : `${m} min ${s} s`;
  }
  const minutes = Math.round(total / 60);
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A wait on a chart's axis: seconds under a minute, minutes (one decimal at most) from there. */
export function formatSecondsShort(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 6) / 10} min`;
}

/** Day buckets are UTC days: named in UTC whatever the browser's zone. */
const zoneFor = (bucket: Bucket, zone: Zone): Zone => (bucket === "day" ? { ...zone, timeZone: "UTC" } : zone);

/** A bucket as a chart's axis names it: "Tue 2 PM" for an hour, "Tue, Mar 3" for a day. */
export function formatBucketShort(start: number, bucket: Bucket, zone: Zone = {}): string {
  const options: Intl.DateTimeFormatOptions =
    bucket === "hour" ? { weekday: "short", hour: "numeric" } : { weekday: "short", month: "short", day: "numeric" };
  return dateFormat(zoneFor(bucket, zone), options).format(start);
}

/** A bucket in full, for tables and the chart's readout: "Tue, Mar 3, 2:00 PM" or "Tue, Mar 3, 2026". */
export function formatBucketLong(start: number, bucket: Bucket, zone: Zone = {}): string {
  const options: Intl.DateTimeFormatOptions =
    bucket === "hour"
      ? { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }
      : { weekday: "short", month: "short", day: "numeric", year: "numeric" };
  return dateFormat(zoneFor(bucket, zone), options).format(start);
}

/** A moment, to the minute: "Mar 3, 2026, 2:05 PM". */
export function formatMoment(at: Date | string, zone: Zone = {}): string {
  return dateFormat(zone, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at));
}

/** A moment to the second, for "Data as of …": "Mar 3, 2026, 2:05:09 PM". */
export function formatAsOf(at: Date | string, zone: Zone = {}): string {
  return dateFormat(zone, { dateStyle: "medium", timeStyle: "medium" }).format(new Date(at));
}

/** "per hour" / "per day". */
export const perBucket = (bucket: Bucket) => (bucket === "hour" ? "per hour" : "per day");

/**
 * Request schemas: what the handlers validate with, on their own so a handler's bundle builds no response shape at
 * start (./api-shapes re-exports them with the response shapes; the OpenAPI document is generated from both).
 * Each is made on first use, so a handler's bundle keeps, and its cold start builds, only the one it parses with.
 */
// zod's small build: functions instead of methods, so a bundle keeps only the checks it uses (docs/decisions/0012).
import * as z from "zod/mini";
import { type FieldProblem, RideError } from "./errors";

let english: Promise<void> | undefined;
/** The mini build ships no messages; riders read the English ones. Loaded on the first refusal (decision 0025). */
function englishMessages(): Promise<void> {
  english ??= import("zod/v4/locales/en.js").then(({ default: en }) => void z.config(en()));
  return english;
}

/** A schema made on first use. Building every schema at import cost a handler's cold start 5–9 ms (decision 0025). */
export type Lazy<S extends z.ZodMiniType = z.ZodMiniType> = () => S;

/** Pure for the bundler (an unused schema is left out); the schema is made once, when first asked for. */
/* @__NO_SIDE_EFFECTS__ */
export function lazy<S extends z.ZodMiniType>(make: () => S): Lazy<S> {
  let made: S | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

const between = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const matching = (pattern: RegExp, message?: string) => z.string().check(z.regex(pattern, message));

export const LocationSchema = lazy(() =>
  z.strictObject({
    latitude: between(-90, 90),
    longitude: between(-180, 180),
  }),
);

export type Location = z.infer<ReturnType<typeof LocationSchema>>;

export const QuoteBody = lazy(() => z.strictObject({ pickup: LocationSchema(), dropoff: LocationSchema() }));

/** A quote of the rider's (the ride keeps its fare), or a pickup and dropoff priced now — one or the other. */
export const RequestRideBody = lazy(() =>
  z.pipe(
    z
      .strictObject({
        quoteId: z.optional(text(1, 64)),
        pickup: z.optional(LocationSchema()),
        dropoff: z.optional(LocationSchema()),
      })
      .check(
        z.superRefine((body, ctx) => {
          const trip = body.pickup !== undefined || body.dropoff !== undefined;
          if (body.quoteId !== undefined && trip) {
            ctx.addIssue({
              code: "custom",
              path: ["quoteId"],
              message: "send a quoteId or a pickup and dropoff, not both",
            });
          } else if (body.quoteId === undefined) {
            for (const field of ["pickup", "dropoff"] as const) {
              if (body[field] === undefined)
                ctx.addIssue({ code: "custom", path: [field], message: "required (or send a quoteId)" });
            }
          }
        }),
      ),
    z.transform((body) =>
      body.quoteId !== undefined
        ? { quoteId: body.quoteId }
        : {
            pickup: body.pickup as Location,
            dropoff: body.dropoff as Location,
          },
    ),
  ),
);

const pageSize = "a whole number from 1 to 50";

/** Unknown parameters are ignored (a cache buster must not break a page); the known ones are validated. */
export const ListRidesQuery = lazy(() =>
  z.object({
    // Digits only: Number() would also take "0x10", "1e1" and " 5".
    limit: z._default(
      z.pipe(
        z.pipe(matching(/^\d+$/, pageSize), z.transform(Number)),
        z.number().check(z.gte(1, pageSize), z.lte(50, pageSize)),
      ),
      20,
    ),
    cursor: z.optional(text(1, 200)),
  }),
);

/** GET /ops/metrics's buckets: UTC hours or UTC days, in milliseconds. */
export const metricsBucketMs = { hour: 3_600_000, day: 86_400_000 } as const;
export type MetricsBucket = keyof typeof metricsBucketMs;
/** GET /ops/metrics answers ranges of at most 31 days, and the last 24 hours when not told. */
export const metricsRangeLimits = { maxMs: 31 * 86_400_000, defaultMs: 86_400_000 } as const;

const instantProblem = "an ISO 8601 instant with seconds and a time zone, e.g. 2026-03-01T12:00:00Z";
const isoInstant = () => z.iso.datetime({ offset: true, message: instantProblem });

/**
 * GET /ops/metrics?from=&to=&bucket=: ISO 8601 instants (`Z` or an offset), `to` now and `from` 24 hours before `to`
 * when not given, `bucket` hour unless day. `to` before `from`, a range over 31 days, or a time before 1970: 400.
 * Unknown parameters are ignored. The answer keeps the instants as sent (the function's cache keys on them) and in ms.
 */
export const OpsMetricsQuery = lazy(() =>
  z
    .pipe(
      z.object({
        from: z.optional(isoInstant()),
        to: z.optional(isoInstant()),
        bucket: z._default(z.enum(["hour", "day"], "hour or day"), "hour"),
      }),
      z.transform((query) => {
        const toMs = query.to === undefined ? Date.now() : Date.parse(query.to);
        const fromMs = query.from === undefined ? toMs - metricsRangeLimits.defaultMs : Date.parse(query.from);
        return { ...query, fromMs, toMs };
      }),
    )
    .check(
      z.superRefine((range, ctx) => {
        const problem = (field: "from" | "to", message: string) =>
          ctx.addIssue({ code: "custom", path: [field], message, input: range[field] });
        if (!(range.fromMs >= 0)) problem("from", "must not be before 1970-01-01T00:00:00Z");
        else if (range.toMs < range.fromMs) problem("to", "must not be before from");
        else if (range.toMs - range.fromMs > metricsRangeLimits.maxMs)
          problem("to", "must be at most 31 days after from");
      }),
    ),
);

/** Boarding and cancelling take no options: an empty body or `{}`. */
export const NoOptionsBody = lazy(() => z.strictObject({}));

/** A crewed unicorn going on or off shift. */
export const ShiftBody = lazy(() => z.strictObject({ onShift: z.boolean() }));

export const RatingBody = lazy(() =>
  z.strictObject({
    rating: z.literal([1, 2, 3, 4, 5], "a rating is a whole number from 1 to 5"),
  }),
);

/** The original Wild Rydes workshop's request, so its front end works unchanged. */
export const WorkshopRideBody = lazy(() =>
  z.strictObject({
    PickupLocation: z.strictObject({ Latitude: between(-90, 90), Longitude: between(-180, 180) }),
  }),
);

/** `Idempotency-Key` header: 1–64 letters, digits, `_` or `-`. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_-]{1,64}$/;
export const IdempotencyKey = lazy(() => matching(idempotencyKeyPattern, "use 1 to 64 letters, digits, _ or -"));

/** Parses `value` or throws a VALIDATION_ERROR naming each field that is wrong. */
export async function parseOrThrow<S extends z.ZodMiniType>(
  schema: Lazy<S>,
  value: unknown,
  what = "request",
): Promise<z.infer<S>> {
  const parsed = schema().safeParse(value);
  if (parsed.success) return parsed.data;
  // Refused: parsed again with the messages loaded, since zod words each problem as it parses.
  await englishMessages();
  const result = schema().safeParse(value);
  if (result.success) return result.data;
  const details: FieldProblem[] = result.error.issues.map((issue) => ({
    field: [...issue.path, ...("keys" in issue ? [issue.keys.join(",")] : [])].join("."),
    problem: issue.message,
  }));
  throw new RideError(
    "VALIDATION_ERROR",
    `The ${what} is not valid: ${details[0]?.field || "body"} — ${details[0]?.problem}.`,
    details,
  );
}

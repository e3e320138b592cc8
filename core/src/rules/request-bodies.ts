/**
 * Request schemas: what the handlers validate with, on their own so a handler's bundle builds no response shape at
 * start (./api-shapes re-exports them with the response shapes; the OpenAPI document is generated from both).
 */
// zod's small build: functions instead of methods, so a bundle keeps only the checks it uses (docs/decisions/0012).
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { type FieldProblem, RideError } from "./errors";

// The mini build ships no messages; the English ones are what riders (and docs/api.md) read.
z.config(en());

const between = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const matching = (pattern: RegExp, message?: string) => z.string().check(z.regex(pattern, message));

export const LocationSchema = z.strictObject({
  latitude: between(-90, 90),
  longitude: between(-180, 180),
});

export type Location = z.infer<typeof LocationSchema>;

export const QuoteBody = z.strictObject({ pickup: LocationSchema, dropoff: LocationSchema });

/** A quote of the rider's (the ride keeps its fare), or a pickup and dropoff priced now — one or the other. */
export const RequestRideBody = z.pipe(
  z
    .strictObject({
      quoteId: z.optional(text(1, 64)),
      pickup: z.optional(LocationSchema),
      dropoff: z.optional(LocationSchema),
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
          pickup: body.pickup as z.infer<typeof LocationSchema>,
          dropoff: body.dropoff as z.infer<typeof LocationSchema>,
        },
  ),
);

const pageSize = "a whole number from 1 to 50";

/** Unknown parameters are ignored (a cache buster must not break a page); the known ones are validated. */
export const ListRidesQuery = z.object({
  // Digits only: Number() would also take "0x10", "1e1" and " 5".
  limit: z._default(
    z.pipe(
      z.pipe(matching(/^\d+$/, pageSize), z.transform(Number)),
      z.number().check(z.gte(1, pageSize), z.lte(50, pageSize)),
    ),
    20,
  ),
  cursor: z.optional(text(1, 200)),
});

/** Boarding and cancelling take no options: an empty body or `{}`. */
export const NoOptionsBody = z.strictObject({});

/** A crewed unicorn going on or off shift. */
export const ShiftBody = z.strictObject({ onShift: z.boolean() });

export const RatingBody = z.strictObject({
  rating: z.literal([1, 2, 3, 4, 5], "a rating is a whole number from 1 to 5"),
});

/** The original Wild Rydes workshop's request, so its front end works unchanged. */
export const WorkshopRideBody = z.strictObject({
  PickupLocation: z.strictObject({ Latitude: between(-90, 90), Longitude: between(-180, 180) }),
});

/** `Idempotency-Key` header: 1–64 letters, digits, `_` or `-`. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_-]{1,64}$/;
export const IdempotencyKey = matching(idempotencyKeyPattern, "use 1 to 64 letters, digits, _ or -");

/** Parses `value` or throws a VALIDATION_ERROR naming each field that is wrong. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, value: unknown, what = "request"): z.infer<S> {
  const result = schema.safeParse(value);
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

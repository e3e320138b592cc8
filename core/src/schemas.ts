/** Request schemas: the handlers validate with these, and the OpenAPI document is generated from them. */
// zod's small build: functions instead of methods, so a bundle keeps only the checks it uses (docs/decisions/0012).

import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { type FieldProblem, RideError } from "./errors";

// The mini build ships no messages; the English ones are what riders (and docs/api.md) read.
z.config(en());

const between = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
const whole = (min: number) => z.number().check(z.int(), z.gte(min));
const atLeast = (min: number) => z.number().check(z.gte(min));
const instant = z.iso.datetime();

export const LocationSchema = z.strictObject({
  latitude: between(-90, 90),
  longitude: between(-180, 180),
});

export const QuoteBody = z.strictObject({ pickup: LocationSchema, dropoff: LocationSchema });

/** A quote of the rider's (the ride keeps its fare), or a pickup and dropoff priced now — one or the other. */
export const RequestRideBody = z.pipe(
  z
    .strictObject({
      quoteId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
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
      z.pipe(z.string().check(z.regex(/^\d+$/, pageSize)), z.transform(Number)),
      z.number().check(z.gte(1, pageSize), z.lte(50, pageSize)),
    ),
    20,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

/** Boarding and cancelling take no options: an empty body or `{}`. */
export const NoOptionsBody = z.strictObject({});

export const RatingBody = z.strictObject({
  rating: z.literal([1, 2, 3, 4, 5], "a rating is a whole number from 1 to 5"),
});

/** The original Wild Rydes workshop's request, so its front end works unchanged. */
export const LegacyRideBody = z.strictObject({
  PickupLocation: z.strictObject({ Latitude: between(-90, 90), Longitude: between(-180, 180) }),
});

/** `Idempotency-Key` header: 1–64 letters, digits, `_` or `-`. */
export const IdempotencyKey = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, "use 1 to 64 letters, digits, _ or -"));

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

/* Response shapes: the OpenAPI document is generated from these, and integration tests check answers against them. */

export const UnicornSchema = z.object({
  name: z.string(),
  color: z.string(),
  gender: z.enum(["Male", "Female"]),
});

export const MoneySchema = z.object({ amount: whole(0), currency: z.literal("USD") });

export const QuoteSchema = z.object({
  quoteId: z.string(),
  pickup: LocationSchema,
  dropoff: LocationSchema,
  fare: MoneySchema,
  distanceMetres: atLeast(0),
  tripSeconds: whole(0),
  pickupEtaSeconds: whole(0),
  expiresAt: instant,
});

export const RideSchema = z.object({
  rideId: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
  status: z.enum(["EN_ROUTE", "ARRIVED", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"]),
  pickup: LocationSchema,
  dropoff: LocationSchema,
  unicorn: UnicornSchema,
  unicornFrom: LocationSchema,
  fare: MoneySchema,
  charged: z.optional(MoneySchema),
  distanceMetres: atLeast(0),
  tripSeconds: whole(0),
  requestedAt: instant,
  arrivesAt: instant,
  etaSeconds: whole(0),
  boardBy: instant,
  boardedAt: z.optional(instant),
  dropoffAt: z.optional(instant),
  completedAt: z.optional(instant),
  cancelledAt: z.optional(instant),
  noShowAt: z.optional(instant),
  rating: z.optional(z.literal([1, 2, 3, 4, 5])),
});

export const RidePageSchema = z.object({ rides: z.array(RideSchema), nextCursor: z.nullable(z.string()) });

export const FleetSchema = z.object({
  unicorns: z.array(
    z.extend(UnicornSchema, {
      available: z.boolean(),
      location: LocationSchema,
      rating: z.nullable(between(1, 5)),
      ratings: whole(0),
      rides: whole(0),
    }),
  ),
});

export const RiderTotalsSchema = z.object({
  rides: whole(0),
  spent: MoneySchema,
  since: z.nullable(instant),
});

export const LegacyRideSchema = z.object({
  RideId: z.string(),
  Unicorn: z.object({ Name: z.string(), Color: z.string(), Gender: z.enum(["Male", "Female"]) }),
  UnicornName: z.string(),
  Eta: z.string(),
  Rider: z.string(),
});

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(
      z.union([z.array(z.object({ field: z.string(), problem: z.string() })), z.object({ rideId: z.string() })]),
    ),
  }),
});

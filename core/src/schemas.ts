/** Request schemas: the handlers validate with these, and the OpenAPI document is generated from them. */
// A namespace import lets the bundler drop what the handlers do not use (zod's locales, JSON Schema output).
import * as z from "zod";
import { type FieldProblem, RideError } from "./errors";

export const LocationSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const QuoteBody = z.strictObject({ pickup: LocationSchema, dropoff: LocationSchema });

/** A quote of the rider's (the ride keeps its fare), or a pickup and dropoff priced now — one or the other. */
export const RequestRideBody = z
  .strictObject({
    quoteId: z.string().min(1).max(64).optional(),
    pickup: LocationSchema.optional(),
    dropoff: LocationSchema.optional(),
  })
  .superRefine((body, ctx) => {
    const trip = body.pickup !== undefined || body.dropoff !== undefined;
    if (body.quoteId !== undefined && trip) {
      ctx.addIssue({ code: "custom", path: ["quoteId"], message: "send a quoteId or a pickup and dropoff, not both" });
    } else if (body.quoteId === undefined) {
      for (const field of ["pickup", "dropoff"] as const) {
        if (body[field] === undefined)
          ctx.addIssue({ code: "custom", path: [field], message: "required (or send a quoteId)" });
      }
    }
  })
  .transform((body) =>
    body.quoteId !== undefined
      ? { quoteId: body.quoteId }
      : {
          pickup: body.pickup as z.infer<typeof LocationSchema>,
          dropoff: body.dropoff as z.infer<typeof LocationSchema>,
        },
  );

const pageSize = "a whole number from 1 to 50";

/** Unknown parameters are ignored (a cache buster must not break a page); the known ones are validated. */
export const ListRidesQuery = z.object({
  // Digits only: Number() would also take "0x10", "1e1" and " 5".
  limit: z
    .string()
    .regex(/^\d+$/, pageSize)
    .transform(Number)
    .pipe(z.number().min(1, pageSize).max(50, pageSize))
    .default(20),
  cursor: z.string().min(1).max(200).optional(),
});

/** Boarding and cancelling take no options: an empty body or `{}`. */
export const NoOptionsBody = z.strictObject({});

export const RatingBody = z.strictObject({
  rating: z.literal([1, 2, 3, 4, 5], "a rating is a whole number from 1 to 5"),
});

/** The original Wild Rydes workshop's request, so its front end works unchanged. */
export const LegacyRideBody = z.strictObject({
  PickupLocation: z.strictObject({
    Latitude: z.number().min(-90).max(90),
    Longitude: z.number().min(-180).max(180),
  }),
});

/** `Idempotency-Key` header: 1–64 letters, digits, `_` or `-`. */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "use 1 to 64 letters, digits, _ or -");

/** Parses `value` or throws a VALIDATION_ERROR naming each field that is wrong. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = "request"): z.infer<S> {
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

export const MoneySchema = z.object({ amount: z.number().int().min(0), currency: z.literal("USD") });

export const QuoteSchema = z.object({
  quoteId: z.string(),
  pickup: LocationSchema,
  dropoff: LocationSchema,
  fare: MoneySchema,
  distanceMetres: z.number().min(0),
  tripSeconds: z.number().int().min(0),
  pickupEtaSeconds: z.number().int().min(0),
  expiresAt: z.iso.datetime(),
});

export const RideSchema = z.object({
  rideId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  status: z.enum(["EN_ROUTE", "ARRIVED", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"]),
  pickup: LocationSchema,
  dropoff: LocationSchema,
  unicorn: UnicornSchema,
  unicornFrom: LocationSchema,
  fare: MoneySchema,
  charged: MoneySchema.optional(),
  distanceMetres: z.number().min(0),
  tripSeconds: z.number().int().min(0),
  requestedAt: z.iso.datetime(),
  arrivesAt: z.iso.datetime(),
  etaSeconds: z.number().int().min(0),
  boardBy: z.iso.datetime(),
  boardedAt: z.iso.datetime().optional(),
  dropoffAt: z.iso.datetime().optional(),
  completedAt: z.iso.datetime().optional(),
  cancelledAt: z.iso.datetime().optional(),
  noShowAt: z.iso.datetime().optional(),
  rating: z.literal([1, 2, 3, 4, 5]).optional(),
});

export const RidePageSchema = z.object({ rides: z.array(RideSchema), nextCursor: z.string().nullable() });

export const FleetSchema = z.object({
  unicorns: z.array(
    UnicornSchema.extend({
      available: z.boolean(),
      location: LocationSchema,
      rating: z.number().min(1).max(5).nullable(),
      ratings: z.number().int().min(0),
      rides: z.number().int().min(0),
    }),
  ),
});

export const RiderTotalsSchema = z.object({
  rides: z.number().int().min(0),
  spent: MoneySchema,
  since: z.iso.datetime().nullable(),
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
    details: z
      .union([z.array(z.object({ field: z.string(), problem: z.string() })), z.object({ rideId: z.string() })])
      .optional(),
  }),
});

/** Request schemas: the handlers validate with these, and the OpenAPI document is generated from them. */
// A namespace import lets the bundler drop what the handlers do not use (zod's locales, JSON Schema output).
import * as z from "zod";
import { type FieldProblem, RideError } from "./errors";

export const LocationSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const RequestRideBody = z.strictObject({ pickup: LocationSchema });

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

/** Cancelling takes no options: an empty body or `{}`. */
export const CancelRideBody = z.strictObject({});

export const CompleteRideBody = z.strictObject({
  rating: z.literal([1, 2, 3, 4, 5], "a rating is a whole number from 1 to 5").optional(),
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

export const RideSchema = z.object({
  rideId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  status: z.enum(["EN_ROUTE", "ARRIVED", "COMPLETED", "CANCELLED"]),
  pickup: LocationSchema,
  unicorn: UnicornSchema,
  requestedAt: z.iso.datetime(),
  arrivesAt: z.iso.datetime(),
  etaSeconds: z.number().int().min(0),
  completedAt: z.iso.datetime().optional(),
  cancelledAt: z.iso.datetime().optional(),
  rating: z.literal([1, 2, 3, 4, 5]).optional(),
});

export const RidePageSchema = z.object({ rides: z.array(RideSchema), nextCursor: z.string().nullable() });

export const FleetSchema = z.object({
  unicorns: z.array(UnicornSchema.extend({ available: z.boolean(), location: LocationSchema })),
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
    details: z.array(z.object({ field: z.string(), problem: z.string() })).optional(),
  }),
});

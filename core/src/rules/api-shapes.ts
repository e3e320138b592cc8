/**
 * The API's schemas: the request schemas (./requests, all a handler imports) and the response shapes. The OpenAPI
 * document is generated from these, and integration tests check answers against them.
 */
import * as z from "zod/mini";
import { LocationSchema } from "./request-bodies";

export * from "./request-bodies";

const between = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
const whole = (min: number) => z.number().check(z.int(), z.gte(min));
const atLeast = (min: number) => z.number().check(z.gte(min));
const instant = z.iso.datetime();

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

/**
 * The API's schemas: the request schemas (./request-bodies, all a handler imports) and the response shapes. The OpenAPI
 * document is generated from these, and integration tests check answers against them.
 */
import * as z from "zod/mini";
import { ulidPattern } from "./ids";
import { type Location, LocationSchema } from "./request-bodies";
import { offerStatuses, rideStatuses } from "./ride-clock";

export * from "./request-bodies";
export { hasUnicorn, offerStatuses } from "./ride-clock";

const between = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
const whole = (min: number) => z.number().check(z.int(), z.gte(min));
const atLeast = (min: number) => z.number().check(z.gte(min));
const instant = z.iso.datetime();

export const UnicornSchema = z.object({
  /** Stable slug (v3), e.g. "aurora". */
  unicornId: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
  name: z.string(),
  color: z.string(),
  gender: z.enum(["Male", "Female"]),
});

export const MoneySchema = z.object({ amount: whole(0), currency: z.literal("USD") });

export const QuoteSchema = z.object({
  quoteId: z.string(),
  pickup: LocationSchema(),
  dropoff: LocationSchema(),
  fare: MoneySchema,
  distanceMetres: atLeast(0),
  tripSeconds: whole(0),
  pickupEtaSeconds: whole(0),
  expiresAt: instant,
});

export const RideSchema = z.object({
  rideId: z.string().check(z.regex(ulidPattern)),
  status: z.enum(rideStatuses),
  pickup: LocationSchema(),
  dropoff: LocationSchema(),
  // Null while DISPATCHING: no unicorn has accepted yet.
  unicorn: z.nullable(UnicornSchema),
  unicornFrom: z.nullable(LocationSchema()),
  fare: MoneySchema,
  charged: z.optional(MoneySchema),
  distanceMetres: atLeast(0),
  tripSeconds: whole(0),
  requestedAt: instant,
  /** When a crewed unicorn accepted the ride's offer: arrivesAt counts from here. */
  acceptedAt: z.optional(instant),
  arrivesAt: z.nullable(instant),
  etaSeconds: z.nullable(whole(0)),
  boardBy: z.nullable(instant),
  boardedAt: z.optional(instant),
  dropoffAt: z.optional(instant),
  completedAt: z.optional(instant),
  cancelledAt: z.optional(instant),
  cancelReason: z.optional(z.enum(["RIDER", "NO_UNICORN_ACCEPTED"])),
  noShowAt: z.optional(instant),
  rating: z.optional(z.literal([1, 2, 3, 4, 5])),
});

/** An offer of a ride to a crewed unicorn, open for 15 s. */
export const OfferSchema = z.object({
  offerId: z.string().check(z.regex(ulidPattern)),
  rideId: z.string().check(z.regex(ulidPattern)),
  unicornId: z.string(),
  pickup: LocationSchema(),
  dropoff: LocationSchema(),
  fare: MoneySchema,
  distanceMetres: atLeast(0),
  pickupEtaSeconds: whole(0),
  offeredAt: instant,
  expiresAt: instant,
  status: z.enum(offerStatuses),
});

export const RidePageSchema = z.object({ rides: z.array(RideSchema), nextCursor: z.nullable(z.string()) });

export const FleetMemberSchema = z.extend(UnicornSchema, {
  available: z.boolean(),
  location: LocationSchema(),
  rating: z.nullable(between(1, 5)),
  ratings: whole(0),
  rides: whole(0),
  /** Flown by a person with an account: dispatched only while on shift. */
  crewed: z.boolean(),
});

export const FleetSchema = z.object({ unicorns: z.array(FleetMemberSchema) });

/** GET /unicorn/me: a crewed unicorn's own view, with its shift and what it has earned (80 % of what rides charged). */
export const UnicornSelfSchema = z.extend(FleetMemberSchema, {
  crewed: z.literal(true),
  onShift: z.boolean(),
  earnings: z.object({ today: MoneySchema, total: MoneySchema }),
});

export const RiderTotalsSchema = z.object({
  rides: whole(0),
  spent: MoneySchema,
  since: z.nullable(instant),
});

/** The counters of a bucket of GET /ops/metrics, and of its whole range. */
const opsCounters = {
  requested: whole(0),
  completed: whole(0),
  cancelled: whole(0),
  noShows: whole(0),
  revenue: MoneySchema,
};

/** GET /ops/metrics: the ride-events lake's figures over a range, per bucket, per unicorn and per pickup cell. */
export const OpsMetricsSchema = z.object({
  from: instant,
  to: instant,
  bucket: z.enum(["hour", "day"]),
  /** Every bucket from the one holding `from` to the one holding `to`'s last millisecond, in order, empty ones too. */
  series: z.array(
    z.object({
      start: instant,
      ...opsCounters,
      /** From the request to the unicorn's arrival, of the bucket's requested rides a unicorn took; null when none. */
      pickupWaitSeconds: z.object({ p50: z.nullable(atLeast(0)), p90: z.nullable(atLeast(0)) }),
    }),
  ),
  totals: z.object(opsCounters),
  unicorns: z.array(
    z.object({ unicornId: z.string(), rides: whole(0), revenue: MoneySchema, busySeconds: atLeast(0) }),
  ),
  /** A heat map's cells: geohashes (precision 6) of the pickups requested in the range, with the cell's centre. */
  pickups: z.array(
    z.object({ cell: z.string(), latitude: between(-90, 90), longitude: between(-180, 180), rides: whole(0) }),
  ),
  /** The newest ride change included. */
  asOf: instant,
});

export const WorkshopRideSchema = z.object({
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

// The API's types: inferred from the schemas above, never written a second time.
export type { Location };
export type Unicorn = z.infer<typeof UnicornSchema>;
export type Money = z.infer<typeof MoneySchema>;
export type Quote = z.infer<typeof QuoteSchema>;
export type Ride = z.infer<typeof RideSchema>;
export type Rating = NonNullable<Ride["rating"]>;
export type RidePage = z.infer<typeof RidePageSchema>;
export type FleetMember = z.infer<typeof FleetMemberSchema>;
export type RiderTotals = z.infer<typeof RiderTotalsSchema>;
export type UnicornSelf = z.infer<typeof UnicornSelfSchema>;
export type Offer = z.infer<typeof OfferSchema>;
export type OpsMetrics = z.infer<typeof OpsMetricsSchema>;

/** A ride a unicorn has taken: every ride but one still DISPATCHING (or cancelled before any unicorn accepted). */
export type BookedRide = Ride & {
  unicorn: Unicorn;
  unicornFrom: Location;
  arrivesAt: string;
  etaSeconds: number;
  boardBy: string;
};
export type OfferStatus = Offer["status"];
export type WorkshopRide = z.infer<typeof WorkshopRideSchema>;
export type ApiError = z.infer<typeof ErrorSchema>;

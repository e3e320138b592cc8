/**
 * The rides' own CloudWatch metrics (EMF), named once: the handlers record them (edge/metrics.ts), the dashboard
 * charts them (infra/monitoring/dashboard.ts) and its test checks each is charted. No imports, so all three can read it.
 */
export const metricNamespace = "WildRydes";

export const rideMetrics = {
  rides: ["RideRequested", "RideCompleted", "RideCancelled", "RideNoShow"],
  /** Money charged, in cents: fares and fees, counted once per ended ride by the rider-totals subscriber. */
  revenue: ["RevenueCents"],
  dispatch: [
    "DispatchRetry",
    "NoUnicornAvailable",
    "RidesSwept",
    "OfferAccepted",
    "OfferDeclined",
    "OfferChainNotStarted",
  ],
} as const;

export type CountedMetric = (typeof rideMetrics)["rides" | "dispatch"][number];

/** Every metric name the handlers may record. */
export const allRideMetrics: readonly string[] = Object.values(rideMetrics).flat();

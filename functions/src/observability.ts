/** Logs and metrics for every handler, from Powertools: JSON logs with the request id, EMF metrics. */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

export const logger = new Logger({ serviceName: "wildrydes-api" });

export const metrics = new Metrics({ namespace: "WildRydes", serviceName: "wildrydes-api" });

type Counted =
  | "RideRequested"
  | "DispatchRetry"
  | "NoUnicornAvailable"
  | "RideCancelled"
  | "RidesSwept"
  | "RideCompleted"
  | "RideNoShow";

export const count = (name: Counted, value = 1) => metrics.addMetric(name, MetricUnit.Count, value);

/** Money charged, in cents: fares and fees, counted once per ended ride by the rider-totals subscriber. */
export const revenue = (cents: number) => metrics.addMetric("RevenueCents", MetricUnit.Count, cents);

/** Publishes what a handler recorded, if anything (an empty EMF line would only cost). */
export function flushMetrics() {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

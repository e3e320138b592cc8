/**
 * EMF metrics from Powertools, imported only by the handlers that count something (the logger is ./logger):
 * the Metrics object is made on the first count, so a request that records nothing creates none.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { type CountedMetric, metricNamespace, rideMetrics } from "../catalogue/metric-names";

let metrics: Metrics | undefined;
const recorder = () => {
  metrics ??= new Metrics({ namespace: metricNamespace, serviceName: "wildrydes-api" });
  return metrics;
};

export const count = (name: CountedMetric, value = 1) => recorder().addMetric(name, MetricUnit.Count, value);

/** Money charged, in cents: fares and fees, counted once per ended ride by the rider-totals subscriber. */
export const revenue = (cents: number) => recorder().addMetric(rideMetrics.revenue[0], MetricUnit.Count, cents);

/** Publishes what a handler recorded, if anything (an empty EMF line would only cost). */
export function flushMetrics() {
  if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
}

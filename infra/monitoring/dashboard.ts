/**
 * One CloudWatch dashboard: the alarms' figures (API, functions, table, stream, dead letters) and the rides' own
 * EMF metrics (functions/src/edge/metrics.ts, namespace "WildRydes").
 */

import { metricNamespace, rideMetrics } from "../../functions/src/catalogue/metric-names";
import { region } from "../stage";
import type { Watched } from "./alarms";

type Metric = (string | $util.Input<string> | Record<string, unknown>)[];

/** Any dimension set the handlers' metrics carry (Powertools adds `service`), summed per 5 minutes. */
const search = (metric: string) => ({
  expression: `SEARCH('Namespace="${metricNamespace}" MetricName="${metric}"', 'Sum', 300)`,
  label: metric,
});

export function declareDashboard(watched: Watched) {
  const widgets: { title: string; metrics: (Metric | ReturnType<typeof search>)[]; stat?: string }[] = [
    { title: "API server errors (5xx)", metrics: [["AWS/ApiGateway", "5xx", "ApiId", watched.apiId]] },
    { title: "API latency p99 (ms)", metrics: [["AWS/ApiGateway", "Latency", "ApiId", watched.apiId]], stat: "p99" },
    { title: "Rides", metrics: rideMetrics.rides.map(search) },
    { title: "Revenue (cents)", metrics: rideMetrics.revenue.map(search) },
    { title: "Dispatch and sweep", metrics: rideMetrics.dispatch.map(search) },
    ...(["Errors", "Throttles"] as const).map((metric) => ({
      title: `Function ${metric.toLowerCase()}`,
      metrics: watched.functions.map((fn) => [
        "AWS/Lambda",
        metric,
        "FunctionName",
        fn.functionName,
        { label: fn.name },
      ]),
    })),
    {
      title: "Stream iterator age (ms)",
      metrics: watched.functions
        .filter((fn) => fn.kind === "subscriber")
        .map((fn) => ["AWS/Lambda", "IteratorAge", "FunctionName", fn.functionName, { label: fn.name }]),
      stat: "Maximum",
    },
    {
      title: "Table throttles",
      metrics: ["ReadThrottleEvents", "WriteThrottleEvents"].map((metric) => [
        "AWS/DynamoDB",
        metric,
        "TableName",
        watched.tableName,
      ]),
    },
    {
      title: "Stream dead letters",
      metrics: [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", watched.queueName]],
      stat: "Maximum",
    },
  ];
  return new aws.cloudwatch.Dashboard("Dashboard", {
    dashboardName: `${$app.name}-${$app.stage}`,
    dashboardBody: $jsonStringify({
      widgets: widgets.map(({ title, metrics, stat }, index) => ({
        type: "metric",
        x: (index % 2) * 12,
        y: Math.floor(index / 2) * 6,
        width: 12,
        height: 6,
        properties: { title, region, metrics, stat: stat ?? "Sum", period: 300, view: "timeSeries" },
      })),
    }),
  });
}

/**
 * Alarms and the dashboard (infra/monitoring/monitoring*.ts), asserted on a declared graph: graph.test.ts calls this once per
 * stage. Each alarm is found by its metric and dimensions and must carry alarm-rules.ts's threshold and window;
 * all go to the alarms topic. The dashboard must show every metric functions/src/edge/metrics.ts records.
 */
import { expect, it } from "vitest";
import { allRideMetrics, metricNamespace } from "../../functions/src/catalogue/metric-names";
import { subscriptions } from "../../functions/src/catalogue/subscriptions";
import { type AlarmRule, alarmRules } from "../monitoring/alarm-rules";
import type { GraphResource, GraphResult } from "./graph-harness";
import { all, appFunctions, arnOf, named, one } from "./graph-queries";

function alarmOn(graph: GraphResult, metric: string, dimensions: Record<string, unknown>): GraphResource {
  const found = all(graph, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(
    (alarm) =>
      alarm.inputs.metricName === metric && JSON.stringify(alarm.inputs.dimensions) === JSON.stringify(dimensions),
  );
  if (found.length !== 1)
    throw new Error(`expected one ${metric} alarm on ${JSON.stringify(dimensions)}, found ${found.length}`);
  return found[0] as GraphResource;
}

function expectRule(alarm: GraphResource, rule: AlarmRule, topicArn: unknown) {
  expect(alarm.inputs, alarm.name).toMatchObject({
    namespace: rule.namespace,
    metricName: rule.metric,
    threshold: rule.threshold,
    period: rule.periodSeconds,
    evaluationPeriods: rule.evaluationPeriods,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [topicArn],
    okActions: [topicArn],
  });
  expect(alarm.inputs.statistic, alarm.name).toBe(rule.statistic);
  expect(alarm.inputs.extendedStatistic, alarm.name).toBe(rule.extendedStatistic);
}

export function monitoringTests(graph: () => GraphResult, alertEmail: string | undefined) {
  const alarmsTopic = () => arnOf(named(graph(), "aws:sns/topic:Topic", "AlarmsTopicTopic"));
  const functions = () => appFunctions(graph());
  const isSubscriber = (fn: GraphResource) => fn.name.startsWith("TableSubscriber");

  it("alarms on the API's server errors and p99 latency", () => {
    const dimensions = { ApiId: one(graph(), "aws:apigatewayv2/api:Api").id };
    expectRule(alarmOn(graph(), "5xx", dimensions), alarmRules.api5xx, alarmsTopic());
    expectRule(alarmOn(graph(), "Latency", dimensions), alarmRules.apiLatencyP99, alarmsTopic());
  });

  it("alarms on every function's errors and throttles (the sweep's failures on its own threshold)", () => {
    expect(functions().length).toBeGreaterThan(subscriptions.length + 1);
    for (const fn of functions()) {
      const dimensions = { FunctionName: fn.inputs.name };
      const errors = fn.name === "SweepHandlerFunction" ? alarmRules.sweepErrors : alarmRules.functionErrors;
      expectRule(alarmOn(graph(), "Errors", dimensions), errors, alarmsTopic());
      expectRule(alarmOn(graph(), "Throttles", dimensions), alarmRules.functionThrottles, alarmsTopic());
    }
  });

  it("alarms when a subscriber falls behind the stream, and on anything in the dead-letter queue", () => {
    const subscribers = functions().filter(isSubscriber);
    expect(subscribers).toHaveLength(subscriptions.length);
    for (const fn of subscribers) {
      expectRule(
        alarmOn(graph(), "IteratorAge", { FunctionName: fn.inputs.name }),
        alarmRules.streamIteratorAge,
        alarmsTopic(),
      );
    }
    const queue = one(graph(), "aws:sqs/queue:Queue");
    const deadLetters = alarmOn(graph(), "ApproximateNumberOfMessagesVisible", { QueueName: queue.inputs.name });
    expectRule(deadLetters, alarmRules.deadLetters, alarmsTopic());
    expect(alarmRules.deadLetters.threshold).toBe(1); // i.e. more than none
  });

  it("alarms on throttled reads and writes of the table, and declares no alarm beyond these", () => {
    const dimensions = { TableName: one(graph(), "aws:dynamodb/table:Table").inputs.name };
    expectRule(alarmOn(graph(), "ReadThrottleEvents", dimensions), alarmRules.tableReadThrottles, alarmsTopic());
    expectRule(alarmOn(graph(), "WriteThrottleEvents", dimensions), alarmRules.tableWriteThrottles, alarmsTopic());
    const expected = 2 + 2 * functions().length + subscriptions.length + 2 + 1;
    expect(all(graph(), "aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(expected);
  });

  it(`e-mails the alarms ${alertEmail ? `to ${alertEmail}` : "to no one (no WILDRYDES_ALERT_EMAIL)"}`, () => {
    const mails = all(graph(), "aws:sns/topicSubscription:TopicSubscription").filter(
      (s) => s.inputs.topic === alarmsTopic(),
    );
    expect(mails.map((s) => s.inputs)).toEqual(
      alertEmail ? [{ topic: alarmsTopic(), protocol: "email", endpoint: alertEmail }] : [],
    );
  });

  it("shows the same figures and every ride metric the handlers record on one dashboard", () => {
    const dashboard = one(graph(), "aws:cloudwatch/dashboard:Dashboard");
    const body = String(dashboard.inputs.dashboardBody);
    const { widgets } = JSON.parse(body) as { widgets: { properties: { region: string; metrics: unknown[] } }[] };
    expect(widgets.length).toBeGreaterThan(5);
    expect(widgets.every((w) => w.properties.region === "us-east-1" && w.properties.metrics.length > 0)).toBe(true);
    expect(allRideMetrics).toEqual(expect.arrayContaining(["RideRequested", "RideCompleted", "RevenueCents"]));
    for (const name of allRideMetrics) {
      expect(body).toContain(`Namespace=\\"${metricNamespace}\\" MetricName=\\"${name}\\"`);
    }
    const watched = [
      one(graph(), "aws:apigatewayv2/api:Api").id,
      one(graph(), "aws:dynamodb/table:Table").inputs.name,
      one(graph(), "aws:sqs/queue:Queue").inputs.name,
      ...functions().map((fn) => fn.inputs.name),
    ];
    for (const resource of watched) expect(body).toContain(`"${String(resource)}"`);
  });
}

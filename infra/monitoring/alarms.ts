/** The CloudWatch alarms of infra/monitoring/monitoring.ts, each from alarm-rules.ts; alarm and OK alike go to the topic. */
import { type AlarmRule, alarmRules } from "./alarm-rules";

/** A function to watch, under its stable logical name; a schedule's is the sweep, a workflow's the offer chain. */
export interface WatchedFunction {
  name: string;
  kind: "route" | "schedule" | "subscriber" | "workflow";
  functionName: $util.Input<string>;
}

export interface Watched {
  apiId: $util.Input<string>;
  tableName: $util.Input<string>;
  queueName: $util.Input<string>;
  functions: WatchedFunction[];
}

export function declareAlarms(watched: Watched, topicArn: $util.Input<string>) {
  const alarm = (name: string, rule: AlarmRule, dimensions: Record<string, $util.Input<string>>) =>
    new aws.cloudwatch.MetricAlarm(`${name}Alarm`, {
      // Named per app and stage: one account may hold several stages' alarms.
      name: `${$app.name}-${$app.stage}-${name}`,
      alarmDescription: rule.description,
      namespace: rule.namespace,
      metricName: rule.metric,
      dimensions,
      statistic: rule.statistic,
      extendedStatistic: rule.extendedStatistic,
      period: rule.periodSeconds,
      evaluationPeriods: rule.evaluationPeriods,
      threshold: rule.threshold,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [topicArn],
      okActions: [topicArn],
    });

  alarm("Api5xx", alarmRules.api5xx, { ApiId: watched.apiId });
  alarm("ApiLatencyP99", alarmRules.apiLatencyP99, { ApiId: watched.apiId });
  for (const fn of watched.functions) {
    const dimensions = { FunctionName: fn.functionName };
    alarm(`${fn.name}Errors`, fn.kind === "schedule" ? alarmRules.sweepErrors : alarmRules.functionErrors, dimensions);
    alarm(`${fn.name}Throttles`, alarmRules.functionThrottles, dimensions);
    if (fn.kind === "subscriber") alarm(`${fn.name}IteratorAge`, alarmRules.streamIteratorAge, dimensions);
  }
  alarm("TableReadThrottles", alarmRules.tableReadThrottles, { TableName: watched.tableName });
  alarm("TableWriteThrottles", alarmRules.tableWriteThrottles, { TableName: watched.tableName });
  alarm("StreamDeadLetters", alarmRules.deadLetters, { QueueName: watched.queueName });
}

/**
 * Every alarm's metric, statistic, threshold and window, in one table for infra/monitoring/alarms.ts and its test.
 * An alarm fires when the statistic reaches the threshold in `evaluationPeriods` periods in a row; no data (no
 * traffic) is not a failure.
 */
export interface AlarmRule {
  namespace: string;
  metric: string;
  statistic?: "Sum" | "Maximum";
  /** A percentile, e.g. "p99", instead of a statistic. */
  extendedStatistic?: string;
  threshold: number;
  periodSeconds: number;
  evaluationPeriods: number;
  description: string;
}

const fiveMinutes = 300;

export const alarmRules = {
  api5xx: {
    namespace: "AWS/ApiGateway",
    metric: "5xx",
    statistic: "Sum",
    threshold: 5,
    periodSeconds: fiveMinutes,
    evaluationPeriods: 1,
    description: "The API answered 5 or more server errors in 5 minutes",
  },
  apiLatencyP99: {
    namespace: "AWS/ApiGateway",
    metric: "Latency",
    extendedStatistic: "p99",
    // Milliseconds; a cold start alone stays under it, three slow windows in a row do not.
    threshold: 1500,
    periodSeconds: fiveMinutes,
    evaluationPeriods: 3,
    description: "The API's p99 latency was 1.5 s or more for 15 minutes",
  },
  functionErrors: {
    namespace: "AWS/Lambda",
    metric: "Errors",
    statistic: "Sum",
    threshold: 1,
    periodSeconds: fiveMinutes,
    evaluationPeriods: 1,
    description: "The function failed (threw or timed out) in the last 5 minutes",
  },
  functionThrottles: {
    namespace: "AWS/Lambda",
    metric: "Throttles",
    statistic: "Sum",
    threshold: 1,
    periodSeconds: fiveMinutes,
    evaluationPeriods: 1,
    description: "Lambda refused to run the function (concurrency) in the last 5 minutes",
  },
  sweepErrors: {
    namespace: "AWS/Lambda",
    metric: "Errors",
    statistic: "Sum",
    // The sweep runs every minute and each tick takes up what the last left: one failure is not yet a problem.
    threshold: 3,
    periodSeconds: fiveMinutes,
    evaluationPeriods: 1,
    description: "The sweep failed 3 or more times in 5 minutes: due rides are not being swept",
  },
  tableReadThrottles: {
    namespace: "AWS/DynamoDB",
    metric: "ReadThrottleEvents",
    statistic: "Sum",
    threshold: 1,
    periodSeconds: fiveMinutes,
    evaluationPeriods: 1,
    description: "DynamoDB throttled reads of the table in the last 5 minutes",
  },
  tableWriteThrottles: {
    namespace: "AWS/DynamoDB",
    metric: "WriteThrottleEvents",
    statistic: "Sum",
    threshold: 1,
    periodSeconds: fiveMinutes,
    evaluationPeriods: 1,
    description: "DynamoDB throttled writes to the table in the last 5 minutes",
  },
  streamIteratorAge: {
    namespace: "AWS/Lambda",
    metric: "IteratorAge",
    statistic: "Maximum",
    // Milliseconds: a subscriber a minute behind the stream for five minutes is not catching up.
    threshold: 60_000,
    periodSeconds: 60,
    evaluationPeriods: 5,
    description: "The subscriber has been 60 s or more behind the table's stream for 5 minutes",
  },
  deadLetters: {
    namespace: "AWS/SQS",
    metric: "ApproximateNumberOfMessagesVisible",
    statistic: "Maximum",
    threshold: 1,
    periodSeconds: fiveMinutes,
    evaluationPeriods: 1,
    description: "Stream records failed every retry: see the dead-letter queue, replay within 24 h",
  },
} as const satisfies Record<string, AlarmRule>;

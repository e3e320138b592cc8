/**
 * The table's change stream, fanned out to the subscribers of functions/src/catalogue/subscriptions.ts: each a Lambda event
 * source mapping with its entry's filters, batching, retries and bisect, partial batch responses, and what still
 * fails after the retries described in an encrypted dead-letter queue. ExtraordinaryRides publishes to the
 * operations topic, e-mailed to WILDRYDES_ALERT_EMAIL when it is set; those that link Live publish to the live
 * channels of infra/live.ts.
 */
import { subscriptions } from "../functions/src/catalogue/subscriptions";
import "./functions";
import { lake } from "./lake";
import { live } from "./live";
import { alertEmail } from "./stage";
import { linkable, table } from "./storage";

// Lambda writes what failed (shard, sequence numbers, error), not the records: replay reads the stream within 24 h.
export const deadLetters = new sst.aws.Queue("StreamDeadLetters", {
  transform: {
    queue: (args) => {
      // SQS's longest: a failure on a Friday evening is still there after a long weekend.
      args.messageRetentionSeconds = 14 * 24 * 60 * 60;
      // SQS-managed keys: Lambda's role needs no KMS grant to send here.
      args.sqsManagedSseEnabled = true;
    },
  },
});

// A linked topic grants sns:* by default; a function only ever publishes to one.
sst.Linkable.wrap(sst.aws.SnsTopic, (topic) => ({
  properties: { arn: topic.arn },
  include: [sst.aws.permission({ actions: ["sns:Publish"], resources: [topic.arn] })],
}));

export const operationsTopic = new sst.aws.SnsTopic("OperationsTopic");

/** Sends a topic to WILDRYDES_ALERT_EMAIL when it is set; AWS first mails a link to confirm. */
export function emailAlerts(name: string, topic: sst.aws.SnsTopic) {
  if (!alertEmail) return undefined;
  return new aws.sns.TopicSubscription(`${name}Email`, { topic: topic.arn, protocol: "email", endpoint: alertEmail });
}
emailAlerts("Operations", operationsTopic);

/**
 * What a subscription entry may link, by name: the table, the operations topic, the live channels' publisher rights,
 * the lake's stream (put records, infra/lake.ts).
 */
const links = { ...linkable, OperationsTopic: operationsTopic, Live: live, Lake: lake };

export const subscribers = subscriptions.map((entry) => ({
  name: entry.name,
  subscriber: table.subscribe(
    entry.name,
    {
      handler: entry.handler,
      link: entry.link.map((name) => links[name]),
      // Lambda sends to the on-failure destination with the function's own role.
      permissions: [{ actions: ["sqs:SendMessage"], resources: [deadLetters.arn] }],
    },
    {
      filters: [...entry.filters],
      transform: {
        eventSourceMapping: (args) => {
          // The last 24 h on a new mapping, not just what comes after it: tallies are idempotent (each marks the
          // ride it counted), so a replay counts nothing twice and no change made during a deploy is missed.
          args.startingPosition = "TRIM_HORIZON";
          args.batchSize = entry.batchSize;
          args.maximumBatchingWindowInSeconds = entry.batchingWindowSeconds;
          args.maximumRetryAttempts = entry.retries;
          args.bisectBatchOnFunctionError = entry.bisectOnError;
          args.functionResponseTypes = ["ReportBatchItemFailures"];
          args.destinationConfig = { onFailure: { destinationArn: deadLetters.arn } };
        },
      },
    },
  ),
}));

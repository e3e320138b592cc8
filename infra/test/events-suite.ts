/**
 * The table's stream and its subscribers (infra/events.ts), asserted on a declared graph: graph.test.ts calls this
 * once per stage. Each entry of functions/src/catalogue/subscriptions.ts is an event source mapping with exactly its filters,
 * batching, retries and bisect, partial batch responses and the dead-letter queue; its function reads the stream and
 * gets what it links: the table, the operations topic (ExtraordinaryRides alone) or the live channels (live-suite.ts).
 */
import { expect, it } from "vitest";
import { handlerDefaults } from "../../functions/src/catalogue/routes";
import { type Subscription, subscriptions } from "../../functions/src/catalogue/subscriptions";
import type { GraphResult } from "./graph-harness";
import { all, arnOf, named, one, roleOf, statements } from "./graph-queries";

const topicArn = (graph: GraphResult, name: string) => arnOf(named(graph, "aws:sns/topic:Topic", `${name}Topic`));

function subscribed(graph: GraphResult, name: string) {
  return {
    mapping: named(
      graph,
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      `TableSubscriber${name}EventSourceMapping`,
    ),
    fn: named(graph, "aws:lambda/function:Function", `TableSubscriber${name}FunctionFunction`),
  };
}

/** What linking `link` grants (infra/events.ts's link lookup): the table, the operations topic, the live channels, the lake's stream. */
function linkGrant(graph: GraphResult, link: string, tableArn: string) {
  switch (link) {
    case "Table":
      return { Action: ["dynamodb:*"], Resource: [tableArn, `${tableArn}/*`] };
    case "OperationsTopic":
      return { Action: ["sns:Publish"], Resource: [topicArn(graph, "OperationsTopic")] };
    case "Live": {
      const arns = ["riders", "unicorns", "fleet"].map((name) => {
        const ns = all(graph, "aws:appsync/channelNamespace:ChannelNamespace").find((n) => n.inputs.name === name);
        if (!ns) throw new Error(`no channel namespace ${name}`);
        return `arn:aws:appsync:us-east-1:123456789012:apis/${ns.inputs.apiId}/channelNamespace/${name}`;
      });
      return { Action: ["appsync:EventPublish"], Resource: arns };
    }
    case "Lake": {
      const stream = one(graph, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
      return {
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: [`arn:aws:firehose:us-east-1:123456789012:deliverystream/${stream.inputs.name}`],
      };
    }
    default:
      throw new Error(`no expected grant for link ${link}`);
  }
}

export function eventsTests(graph: () => GraphResult, alertEmail: string | undefined) {
  const entries = subscriptions.map((entry) => [entry.name, entry] as [string, Subscription]);

  it("maps the table's stream to one function per subscription", () => {
    const mappings = all(graph(), "aws:lambda/eventSourceMapping:EventSourceMapping");
    expect(mappings.map((m) => m.name).sort()).toEqual(
      subscriptions.map((entry) => `TableSubscriber${entry.name}EventSourceMapping`).sort(),
    );
  });

  it.each(entries)(
    "feeds %s only its filtered records, in batches, retried, bisected, failures to the DLQ",
    (name, entry) => {
      const { mapping, fn } = subscribed(graph(), name);
      const table = one(graph(), "aws:dynamodb/table:Table");
      const queue = one(graph(), "aws:sqs/queue:Queue");
      const inputs = mapping.inputs as Record<string, unknown> & { filterCriteria: { filters: { pattern: string }[] } };
      expect(inputs.eventSourceArn).toMatch(new RegExp(`table/${table.inputs.name}/stream/`));
      expect(inputs.functionName).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${fn.inputs.name}`);
      expect(inputs.filterCriteria.filters.map((filter) => JSON.parse(filter.pattern))).toEqual(entry.filters);
      expect(inputs).toMatchObject({
        batchSize: entry.batchSize,
        maximumBatchingWindowInSeconds: entry.batchingWindowSeconds,
        maximumRetryAttempts: entry.retries,
        bisectBatchOnFunctionError: entry.bisectOnError,
        functionResponseTypes: ["ReportBatchItemFailures"],
        // Replays are idempotent (tally markers), so a new mapping starts with what the stream still holds.
        startingPosition: "TRIM_HORIZON",
        destinationConfig: { onFailure: { destinationArn: arnOf(queue) } },
      });
    },
  );

  it("keeps dead letters for 14 days, encrypted at rest", () => {
    const queue = one(graph(), "aws:sqs/queue:Queue");
    expect(queue.inputs.messageRetentionSeconds).toBe(14 * 86_400);
    expect(queue.inputs.sqsManagedSseEnabled).toBe(true);
  });

  it.each(entries)("builds %s's handler with the shared defaults, linked to what its entry lists", (name, entry) => {
    const { fn } = subscribed(graph(), name);
    const build = graph().builds.find((b) => b.functionID === `TableSubscriber${name}Function`);
    expect(build?.handler).toBe(entry.handler);
    expect(Object.keys(build?.links ?? {}).sort()).toEqual([...entry.link].sort());
    expect(fn.inputs).toMatchObject({
      runtime: handlerDefaults.runtime,
      architectures: [handlerDefaults.architecture],
      memorySize: Number.parseInt(handlerDefaults.memory, 10),
      timeout: Number.parseInt(handlerDefaults.timeout, 10),
      tracingConfig: { mode: "Active" },
    });
  });

  it.each(entries)(
    "lets %s read the stream, write its links and send failures to the DLQ, nothing else",
    (name, entry) => {
      const { fn } = subscribed(graph(), name);
      const table = one(graph(), "aws:dynamodb/table:Table");
      const tableArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${table.inputs.name}`;
      const expected = [
        {
          Action: [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams",
          ],
          Resource: [`${tableArn}/stream/2024-01-01T00:00:00.000`],
        },
        { Action: ["sqs:SendMessage"], Resource: [arnOf(one(graph(), "aws:sqs/queue:Queue"))] },
        // Then what each link includes, in the entry's order.
        ...entry.link.map((link) => linkGrant(graph(), link, tableArn)),
      ];
      const granted = statements(roleOf(graph(), fn.inputs.role));
      expect(granted.map(({ Action, Resource }) => ({ Action, Resource }))).toEqual(expected);
      expect(granted.every((statement) => statement.Effect === "Allow")).toBe(true);
    },
  );

  it("lets ExtraordinaryRides alone publish to the operations topic, and no function to the alarms topic", () => {
    const operations = topicArn(graph(), "OperationsTopic");
    const alarms = topicArn(graph(), "AlarmsTopic");
    const roles = all(graph(), "aws:iam/role:Role");
    const topicGrants = roles.flatMap((role) =>
      statements(role)
        .filter((s) => s.Action.some((a) => a.startsWith("sns:")) || s.Resource.includes(alarms))
        .map((s) => ({ role: role.name, Action: s.Action, Resource: s.Resource })),
    );
    expect(topicGrants).toEqual([
      { role: "TableSubscriberExtraordinaryRidesFunctionRole", Action: ["sns:Publish"], Resource: [operations] },
    ]);
  });

  it(`e-mails the operations topic ${alertEmail ? `to ${alertEmail}` : "to no one (no WILDRYDES_ALERT_EMAIL)"}`, () => {
    const operations = topicArn(graph(), "OperationsTopic");
    const mails = all(graph(), "aws:sns/topicSubscription:TopicSubscription").filter(
      (s) => s.inputs.topic === operations,
    );
    expect(mails.map((s) => s.inputs)).toEqual(
      alertEmail ? [{ topic: operations, protocol: "email", endpoint: alertEmail }] : [],
    );
  });
}

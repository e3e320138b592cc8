import { marshall } from "@aws-sdk/util-dynamodb";
import type { Context, DynamoDBStreamEvent } from "aws-lambda";
import { beforeEach, describe, expect, it, vi } from "vitest";

// Stand-ins for this one module's collaborators: the topic (or none), SNS, the notice marker and the logger.
const s = vi.hoisted(() => ({
  topic: undefined as string | undefined,
  published: [] as { TopicArn: string; Subject: string; Message: string }[],
  publishFails: false,
  claimed: new Set<string>(),
  released: [] as string[],
  warnings: [] as string[],
}));
vi.mock("sst", () => ({
  Resource: {
    get OperationsTopic() {
      return s.topic ? { arn: s.topic } : undefined;
    },
  },
}));
vi.mock("@aws-sdk/client-sns", () => ({
  PublishCommand: class {
    constructor(readonly input: (typeof s.published)[number]) {}
  },
  SNSClient: class {
    async send(command: { input: (typeof s.published)[number] }) {
      if (s.publishFails) throw new Error("SNS is unavailable");
      s.published.push(command.input);
    }
  },
}));
vi.mock("@wildrydes/core/store/tallies", () => ({
  Tallies: {
    claimNotice: async (ride: { rideId: string }) => !s.claimed.has(ride.rideId) && !!s.claimed.add(ride.rideId),
    releaseNotice: async (ride: { rideId: string }) => {
      s.claimed.delete(ride.rideId);
      s.released.push(ride.rideId);
    },
  },
}));
vi.mock("../../edge/logger", () => ({ logger: async () => ({ warn: (m: string) => s.warnings.push(m) }) }));
const { handler } = await import("./extraordinary-rides");

const ride = { kind: "ride", rideId: "01JBENCHRIDE", riderId: "r1", fare: { amount: 5_250, currency: "USD" } };
const inserted = (): DynamoDBStreamEvent => ({
  Records: [
    {
      eventID: "1",
      eventName: "INSERT",
      dynamodb: { NewImage: marshall({ ...ride, distanceMetres: 21_300 }) as never },
    },
  ],
});
const context = { awsRequestId: "req", functionName: "test" } as Context;

describe("the extraordinary-rides subscriber", () => {
  beforeEach(() => {
    Object.assign(s, { topic: undefined, published: [], publishFails: false, released: [], warnings: [] });
    s.claimed.clear();
  });

  it("publishes the ride to the operations topic once, without a log line", async () => {
    s.topic = "arn:aws:sns:us-east-1:123456789012:ops";
    await handler(inserted(), context);
    await handler(inserted(), context); // the stream delivers the record again
    expect(s.published).toEqual([
      { TopicArn: s.topic, Subject: "Extraordinary ride", Message: "Extraordinary ride 01JBENCHRIDE: $52.50, 21.3 km" },
    ]);
    expect(s.warnings).toEqual([]);
  });

  it("logs the ride where there is no topic (locally), once", async () => {
    await handler(inserted(), context);
    await handler(inserted(), context);
    expect(s.warnings).toEqual(["Extraordinary ride 01JBENCHRIDE: $52.50, 21.3 km"]);
    expect(s.published).toEqual([]);
  });

  it("releases its notice when the publish fails, so the retried record tells the topic", async () => {
    s.topic = "arn:aws:sns:us-east-1:123456789012:ops";
    s.publishFails = true;
    // The whole batch failed, so the invocation fails and Lambda delivers it again.
    await expect(handler(inserted(), context)).rejects.toThrow("All records failed processing");
    expect(s.released).toEqual(["01JBENCHRIDE"]);
    s.publishFails = false;
    await handler(inserted(), context);
    expect(s.published).toHaveLength(1);
  });
});

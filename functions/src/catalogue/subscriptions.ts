/**
 * The one table of stream subscribers. infra/events.ts turns each into `table.subscribe(…)` (Lambda event source
 * mapping with these filters, batching, retries, bisect and partial batch responses, failures to the dead-letter
 * queue), and the local stream poller (local/src/streams/poller.ts) applies the same entries to DynamoDB Local's stream.
 * Filters use Lambda's event-filtering syntax on the stream record (DynamoDB JSON: `{ "S": [...] }`, `{ "N": [...] }`).
 */
export type FilterPattern = Record<string, unknown>;

export interface Subscription {
  name: string;
  /** SST handler string, relative to the repository root. */
  handler: string;
  /** The function runs only for records matching at least one pattern. */
  filters: readonly FilterPattern[];
  batchSize: number;
  /** Seconds to gather records before invoking (0 = as soon as there are any). */
  batchingWindowSeconds: number;
  /** Retries of a failing batch before its records go to the dead-letter queue. */
  retries: number;
  /** Split a failing batch in two and retry each half, to isolate a poison record. */
  bisectOnError: boolean;
  /** Linked resources (least privilege). */
  link: readonly ("Table" | "OperationsTopic" | "Live" | "Lake")[];
}

const rideChanged = (newImage: Record<string, unknown>, oldImage: Record<string, unknown> = {}) => ({
  eventName: ["MODIFY"],
  dynamodb: { NewImage: { kind: { S: ["ride"] }, ...newImage }, OldImage: oldImage },
});
const ended = ["COMPLETED", "CANCELLED", "NO_SHOW"];

/** Extraordinary rides: a fare of at least $50 or a trip of at least 20 km. */
export const extraordinary = { fareCents: 5000, distanceMetres: 20_000 } as const;

const common = { batchSize: 25, batchingWindowSeconds: 1, retries: 3, bisectOnError: true } as const;
/** Push must reach a screen within a second: no batching window (Lambda invokes as soon as there are records). */
const live = { ...common, batchingWindowSeconds: 0 } as const;
/** The lake is analytics, not push: fewer, fuller batches (one PutRecordBatch each) are worth a few seconds. */
const lake = { ...common, batchSize: 100, batchingWindowSeconds: 5 } as const;

const unicornBecame = (now: string, was: string) => ({
  eventName: ["MODIFY"],
  dynamodb: { NewImage: { kind: { S: ["unicorn"] }, status: { S: [now] } }, OldImage: { status: { S: [was] } } },
});
/** A free crewed unicorn going on or off shift: free to dispatch, or no longer. */
const shiftTurned = (onShift: boolean) => ({
  eventName: ["MODIFY"],
  dynamodb: {
    NewImage: { kind: { S: ["unicorn"] }, status: { S: ["AVAILABLE"] }, onShift: { BOOL: [onShift] } },
    OldImage: { onShift: { BOOL: [!onShift] } },
  },
});

export const subscriptions: readonly Subscription[] = [
  {
    name: "UnicornRatings",
    handler: "functions/src/handlers/stream/unicorn-ratings.handler",
    filters: [rideChanged({ rating: { N: [{ exists: true }] } }, { rating: { N: [{ exists: false }] } })],
    ...common,
    link: ["Table"],
  },
  {
    name: "RiderTotals",
    handler: "functions/src/handlers/stream/rider-totals.handler",
    filters: [rideChanged({ status: { S: ended } }, { status: { S: [{ "anything-but": ended }] } })],
    ...common,
    link: ["Table"],
  },
  {
    name: "ExtraordinaryRides",
    handler: "functions/src/handlers/stream/extraordinary-rides.handler",
    filters: [
      {
        eventName: ["INSERT"],
        dynamodb: {
          NewImage: {
            kind: { S: ["ride"] },
            fare: { M: { amount: { N: [{ numeric: [">=", extraordinary.fareCents] }] } } },
          },
        },
      },
      {
        eventName: ["INSERT"],
        dynamodb: {
          NewImage: {
            kind: { S: ["ride"] },
            distanceMetres: { N: [{ numeric: [">=", extraordinary.distanceMetres] }] },
          },
        },
      },
    ],
    ...common,
    link: ["Table", "OperationsTopic"],
  },
  {
    name: "LivePush",
    handler: "functions/src/handlers/stream/live-push.handler",
    // Every stored change of a ride (requested, accepted, boarded, cancelled, ended, rated) and of an offer.
    filters: [{ eventName: ["INSERT", "MODIFY"], dynamodb: { NewImage: { kind: { S: ["ride", "offer"] } } } }],
    ...live,
    link: ["Table", "Live"],
  },
  {
    name: "FleetPush",
    handler: "functions/src/handlers/stream/fleet-push.handler",
    filters: [
      unicornBecame("AVAILABLE", "BUSY"),
      unicornBecame("BUSY", "AVAILABLE"),
      // v3: held by an offer, and freed when it is declined, expires or is withdrawn.
      unicornBecame("OFFERED", "AVAILABLE"),
      unicornBecame("AVAILABLE", "OFFERED"),
      shiftTurned(true),
      shiftTurned(false),
    ],
    ...live,
    // The table for the unicorn's ratings (its RATINGS item).
    link: ["Table", "Live"],
  },
  {
    name: "RideLake",
    handler: "functions/src/handlers/stream/ride-lake.handler",
    // Every stored change of a ride, as a row of the ride-events lake (core/src/lake/ride-change.ts), via Firehose.
    filters: [{ eventName: ["INSERT", "MODIFY"], dynamodb: { NewImage: { kind: { S: ["ride"] } } } }],
    ...lake,
    link: ["Lake"],
  },
];

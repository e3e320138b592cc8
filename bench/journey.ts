/**
 * What one ride costs in Lambda time and DynamoDB capacity: the real handler modules invoked warm in-process (as the
 * Lambda runtime does after init), with ReturnConsumedCapacity switched on for every DynamoDB call they make.
 */
import { v2Event } from "./cold";
import { cityFleet, pointInCity, random, writeFleet } from "./dispatch-cost";
import { type BenchDb, quick } from "./dynamo";

export interface HandlerCost {
  route: string;
  invocations: number;
  meanMs: number;
  /** Read / write capacity units per invocation as DynamoDB Local reports them (base table + indexes). */
  readUnits: number;
  writeUnits: number;
  readOps: number;
  /** Reads as AWS bills them: at least 0.5 RRU per eventually consistent read, which Local reports as 0 when empty. */
  billedReadUnits: number;
}

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body?: string }>;

const context = {
  awsRequestId: "bench-journey",
  functionName: "bench",
  getRemainingTimeInMillis: () => 10_000,
  callbackWaitsForEmptyEventLoop: true,
};

async function meterCapacity() {
  const { Db } = await import("@wildrydes/core/db");
  const totals = { read: 0, write: 0, readOps: 0, billedRead: 0 };
  type Consumed = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number };
  Db.documents().middlewareStack.add(
    (next, ctx) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = "INDEXES";
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const isRead = /Get|Query|Scan/.test(ctx.commandName ?? "");
        const read = c.ReadCapacityUnits ?? (isRead ? (c.CapacityUnits ?? 0) : 0);
        if (isRead) totals.readOps++;
        if (isRead) totals.billedRead += Math.max(0.5, read);
        totals.read += read;
        totals.write += c.WriteCapacityUnits ?? (isRead ? 0 : (c.CapacityUnits ?? 0));
      }
      return out;
    },
    { step: "initialize", name: "benchCapacityMeter" },
  );
  return totals;
}

export async function measureJourney(db: BenchDb): Promise<HandlerCost[]> {
  await db.resetTable();
  await writeFleet(cityFleet(2_000, 5));
  const totals = await meterCapacity();
  const load = async (file: string) => ((await import(`../functions/src/${file}`)) as { handler: Handler }).handler;
  const handlers = {
    "POST /rides": await load("rides/request.ts"),
    "GET /rides/{rideId}": await load("rides/get.ts"),
    "POST /rides/{rideId}/complete": await load("rides/complete.ts"),
    "POST /rides/{rideId}/cancel": await load("rides/cancel.ts"),
    "GET /rides": await load("rides/list.ts"),
    "GET /unicorns": await load("unicorns/list.ts"),
  };
  type Sum = { n: number; ms: number; read: number; write: number; readOps: number; billedRead: number };
  const costs = new Map<string, Sum>();
  const invoke = async (route: keyof typeof handlers, event: unknown, measure: boolean) => {
    const before = { ...totals };
    const started = performance.now();
    const result = await handlers[route](event, context);
    const ms = performance.now() - started;
    if (result.statusCode >= 300) throw new Error(`${route} answered ${result.statusCode}: ${result.body}`);
    if (measure) {
      const c = costs.get(route) ?? { n: 0, ms: 0, read: 0, write: 0, readOps: 0, billedRead: 0 };
      c.n++;
      c.ms += ms;
      c.read += totals.read - before.read;
      c.write += totals.write - before.write;
      c.readOps += totals.readOps - before.readOps;
      c.billedRead += totals.billedRead - before.billedRead;
      costs.set(route, c);
    }
    return JSON.parse(result.body ?? "{}") as { rideId?: string };
  };
  const next = random(31);
  const rounds = quick ? 15 : 60;
  // The first rounds warm every handler (module init, sockets, JIT) and are not counted.
  for (let i = 0; i < rounds + 5; i++) {
    const measure = i >= 5;
    const { rideId = "" } = await invoke(
      "POST /rides",
      v2Event("POST", "/rides", {}, { pickup: pointInCity(next) }),
      measure,
    );
    await invoke("GET /rides/{rideId}", v2Event("GET", "/rides/{rideId}", { rideId }), measure);
    const cancelled = i % 2 === 0;
    const ending = cancelled ? "POST /rides/{rideId}/cancel" : "POST /rides/{rideId}/complete";
    if (!cancelled) await backdate(rideId);
    await invoke(
      ending,
      v2Event("POST", `/rides/{rideId}/${cancelled ? "cancel" : "complete"}`, { rideId }, {}),
      measure,
    );
    await invoke("GET /rides", v2Event("GET", "/rides", {}), measure);
    await invoke("GET /unicorns", v2Event("GET", "/unicorns", {}), measure);
  }
  return [...costs.entries()].map(([route, c]) => ({
    route,
    invocations: c.n,
    meanMs: c.ms / c.n,
    readUnits: c.read / c.n,
    writeUnits: c.write / c.n,
    readOps: c.readOps / c.n,
    billedReadUnits: c.billedRead / c.n,
  }));
}

/** Moves a ride's arrival into the past so it can be completed now (the bench cannot wait for a unicorn). */
async function backdate(rideId: string): Promise<void> {
  const { Db } = await import("@wildrydes/core/db");
  const { UpdateCommand } = await import("@aws-sdk/lib-dynamodb");
  const { Keys } = await import("@wildrydes/core/keys");
  await Db.documents().send(
    new UpdateCommand({
      TableName: Db.tableName(),
      Key: Keys.ride("bench-cold-rider", rideId),
      UpdateExpression: "SET arrivesAt = :past",
      ExpressionAttributeValues: { ":past": new Date(Date.now() - 60_000).toISOString() },
    }),
  );
}

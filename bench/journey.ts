/**
 * What one ride costs in Lambda time and DynamoDB capacity: the real handler modules invoked warm in-process (as the
 * Lambda runtime does after init), with ReturnConsumedCapacity switched on for every DynamoDB call they make.
 */
import { v2Event } from "./cold";
import { cityFleet, random, tripInCity, writeFleet } from "./dispatch-cost";
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
    "POST /quotes": await load("quotes/create.ts"),
    "POST /rides": await load("rides/request.ts"),
    "GET /rides/{rideId}": await load("rides/get.ts"),
    "POST /rides/{rideId}/cancel": await load("rides/cancel.ts"),
    "POST /rides/{rideId}/board": await load("rides/board.ts"),
    "POST /rides/{rideId}/rating": await load("rides/rating.ts"),
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
    return JSON.parse(result.body ?? "{}") as { rideId?: string; quoteId?: string };
  };
  const next = random(31);
  const rounds = quick ? 15 : 60;
  // The first rounds warm every handler (module init, sockets, JIT) and are not counted. Half the rides are
  // cancelled, half boarded and rated; the bench cannot wait for a unicorn or a trip, so it moves their times back.
  for (let i = 0; i < rounds + 5; i++) {
    const measure = i >= 5;
    const post = (route: "POST /rides/{rideId}/cancel" | "POST /rides/{rideId}/board", rideId: string) =>
      invoke(route, v2Event("POST", route.slice(5), { rideId }, {}), measure);
    const { quoteId } = await invoke("POST /quotes", v2Event("POST", "/quotes", {}, tripInCity(next)), measure);
    const { rideId = "" } = await invoke("POST /rides", v2Event("POST", "/rides", {}, { quoteId }), measure);
    await invoke("GET /rides/{rideId}", v2Event("GET", "/rides/{rideId}", { rideId }), measure);
    if (i % 2 === 0) {
      await post("POST /rides/{rideId}/cancel", rideId);
    } else {
      await backdate(rideId, "arrivesAt");
      await post("POST /rides/{rideId}/board", rideId);
      await backdate(rideId, "dropoffAt");
      const rating = v2Event("POST", "/rides/{rideId}/rating", { rideId }, { rating: 5 });
      await invoke("POST /rides/{rideId}/rating", rating, measure);
    }
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

/**
 * Moves a ride's arrival (so it can be boarded) or its dropoff (so it is completed, and no longer blocks the rider's
 * next ride) a minute into the past: the bench cannot wait for a unicorn or a trip.
 */
async function backdate(rideId: string, moment: "arrivesAt" | "dropoffAt"): Promise<void> {
  const { Db } = await import("@wildrydes/core/db");
  const { TransactWriteCommand } = await import("@aws-sdk/lib-dynamodb");
  const { Keys } = await import("@wildrydes/core/keys");
  const past = new Date(Date.now() - 60_000).toISOString();
  const rider = "bench-cold-rider";
  const ride = {
    TableName: Db.tableName(),
    Key: Keys.ride(rider, rideId),
    UpdateExpression: `SET ${moment} = :past`,
    ExpressionAttributeValues: { ":past": past },
  };
  const marker = {
    TableName: Db.tableName(),
    Key: Keys.riderProfile(rider),
    UpdateExpression: "SET activeUntil = :past",
    ExpressionAttributeValues: { ":past": past },
  };
  const items = moment === "dropoffAt" ? [{ Update: ride }, { Update: marker }] : [{ Update: ride }];
  await Db.documents().send(new TransactWriteCommand({ TransactItems: items }));
}

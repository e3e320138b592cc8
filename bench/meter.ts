// Meters what runs in this process on core's DynamoDB client (SDK middleware; the client the handlers use): wall and
// CPU time, time with a DynamoDB call in flight, calls, billed capacity (0.5 RRU minimum per read) and log bytes.
// Write units as AWS bills them (docs/decisions/0024-writes-per-ride.md): a transaction's items at 2 units each, its
// index writes once. DynamoDB Local doubles a transaction's index writes too, and reports some of its items at less
// (a rating's two items at 2 units in all); `localWrite` keeps what Local reports.
/** Milliseconds (wall, CPU, DynamoDB in flight), DynamoDB calls, read and write units, log bytes. */
export type Sample = Record<"wall" | "cpu" | "db" | "calls" | "read" | "write" | "localWrite" | "log", number>;
type Consumed = { CapacityUnits?: number; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };

/** One call's write units as billed: a transaction's items 2 units per KB (all ours are under 1 KB), its indexes once. */
export function billedWrites(command: string, consumed: Consumed[], items = 0): { billed: number; local: number } {
  const local = consumed.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
  if (command !== "TransactWriteItemsCommand") return { billed: local, local };
  const indexes = consumed.flatMap((c) => Object.values(c.GlobalSecondaryIndexes ?? {}));
  const indexUnits = indexes.reduce((s, i) => s + (i.CapacityUnits ?? 0), 0);
  return { billed: Math.max(local - indexUnits, 2 * items) + indexUnits / 2, local };
}

export async function meter() {
  const { Db } = await import("@wildrydes/core/store/db");
  const totals = { db: 0, calls: 0, read: 0, write: 0, localWrite: 0, log: 0 };
  let [inFlight, since] = [0, 0];
  Db.documents().middlewareStack.add(
    (next, ctx) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "INDEXES";
      totals.calls++;
      if (inFlight++ === 0) since = performance.now();
      try {
        const out = await next(args);
        const consumed = [(out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity ?? []].flat();
        const items = (args.input as { TransactItems?: object[] }).TransactItems ?? [];
        const writes = items.filter((item) => !("ConditionCheck" in item)).length;
        const { billed, local } = billedWrites(ctx.commandName ?? "", consumed, writes);
        // AWS bills each key a BatchGetItem asks for, found or not (Local bills only those found).
        const asked = Object.values(
          (args.input as { RequestItems?: Record<string, { Keys?: object[] }> }).RequestItems ?? {},
        );
        const keys = asked.reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
        if (/Get|Query|Scan/.test(ctx.commandName ?? "")) totals.read += Math.max(0.5, 0.5 * keys, local);
        else [totals.write, totals.localWrite] = [totals.write + billed, totals.localWrite + local];
        return out;
      } finally {
        if (--inFlight === 0) totals.db += performance.now() - since;
      }
    },
    { step: "initialize", name: "benchWarmMeter" },
  );
  // Log bytes as CloudWatch would ingest them: everything the handlers write to stdout and stderr.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      totals.log += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  /** Runs `fn` and measures it. */
  return async <T>(fn: () => Promise<T>): Promise<{ value: T; sample: Sample }> => {
    const [before, cpu, started] = [{ ...totals }, process.cpuUsage(), performance.now()];
    const value = await fn();
    const wall = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const sample = { wall, cpu: (user + system) / 1000, ...totals };
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) sample[k] -= before[k];
    return { value, sample };
  };
}

export type Measure = Awaited<ReturnType<typeof meter>>;

/**
 * EventBridge schedules, locally: calls the same handler modules as the cloud's Cron, with the scheduled event shape,
 * on a short timer (a minute is too long to watch a trip end). Runs never overlap, as a Lambda with one schedule's
 * invocations may, so the handlers' own idempotence is tested by the integration tests instead.
 */
import { randomUUID } from "node:crypto";
import type { Schedule } from "@wildrydes/functions/catalogue/routes";
import type { ScheduledEvent } from "aws-lambda";
import { importHandler } from "../gateway/gateway";

export interface Scheduler {
  /** Runs one schedule now (tests), waiting for a run already under way first. */
  runNow(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

export function scheduledEvent(schedule: Schedule, region: string, at = new Date()): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "000000000000",
    time: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/${schedule.name}`],
    detail: {},
  };
}

export function startScheduler(o: {
  schedules: readonly Schedule[];
  region: string;
  /** How often each schedule runs locally; 0 = only when asked (runNow). */
  everyMs: number;
  log?: (line: string) => void;
}): Scheduler {
  const running = new Map<string, Promise<unknown>>();
  const busy = new Set<string>();
  const run = (schedule: Schedule) => {
    const previous = running.get(schedule.name) ?? Promise.resolve();
    const next = previous.then(async () => {
      busy.add(schedule.name);
      try {
        const handler = await importHandler(schedule.handler);
        return await handler(scheduledEvent(schedule, o.region), {} as never);
      } finally {
        busy.delete(schedule.name);
      }
    });
    running.set(
      schedule.name,
      next.catch((error: unknown) => o.log?.(`schedule ${schedule.name} failed: ${String(error)}`)),
    );
    return next;
  };
  // A tick that finds the last run still going is skipped, so a slow machine never queues runs up.
  const timers =
    o.everyMs > 0
      ? o.schedules.map((schedule) =>
          setInterval(() => busy.has(schedule.name) || void run(schedule).catch(() => {}), o.everyMs).unref(),
        )
      : [];
  return {
    runNow: (name) => {
      const schedule = o.schedules.find((s) => s.name === name);
      if (!schedule) throw new Error(`no schedule named ${name}`);
      return run(schedule);
    },
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}

/** The scheduled sweep (every minute in the cloud, a timer locally): makes time-driven ride endings durable. */
import { Sweep } from "@wildrydes/core/store/sweep";
import type { ScheduledEvent } from "aws-lambda";
import { logger } from "../../edge/logger";
import { count, flushMetrics } from "../../edge/metrics";

export async function handler(_event: ScheduledEvent) {
  const result = await Sweep.run(new Date());
  if (result.finished > 0) count("RidesSwept", result.finished);
  if (result.more)
    (await logger()).info("more rides are due than one sweep takes; the next run continues", { ...result });
  flushMetrics();
  return result;
}

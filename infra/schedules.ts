/**
 * The scheduled functions of functions/src/catalogue/routes.ts (the sweep): each an EventBridge Scheduler schedule invoking
 * its handler with infra/functions.ts's defaults, linked only to what its entry lists. CronV2, since SST 4.17
 * deprecates Cron (same `function` + `schedule`); no retries: the next tick takes up whatever is still due.
 */
import { schedules } from "../functions/src/catalogue/routes";
import "./functions";
import { linkable } from "./storage";

export const crons = schedules.map((entry) => {
  const cron = new sst.aws.CronV2(entry.name, {
    schedule: entry.schedule,
    function: {
      handler: entry.handler,
      description: `${entry.name}, ${entry.schedule}`,
      link: entry.link.map((name) => linkable[name]),
    },
  });
  return { name: entry.name, functionName: cron.nodes.function.name };
});

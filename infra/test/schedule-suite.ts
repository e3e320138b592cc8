/**
 * The scheduled functions (infra/schedules.ts), asserted on a declared graph: graph.test.ts calls this once per
 * stage. Each entry of the schedule table is an EventBridge Scheduler schedule invoking its own function, which is
 * built like every route's and may touch only what the entry links (the table and its indexes).
 */
import { expect, it } from "vitest";
import { handlerDefaults, schedules } from "../../functions/src/catalogue/routes";
import type { GraphResult } from "./graph-harness";
import { all, named, one, roleOf, statements } from "./graph-queries";

function scheduled(graph: GraphResult, name: string) {
  return {
    schedule: named(graph, "aws:scheduler/schedule:Schedule", `${name}Schedule`),
    fn: named(graph, "aws:lambda/function:Function", `${name}HandlerFunction`),
  };
}

export function scheduleTests(graph: () => GraphResult) {
  it("declares one schedule per schedule-table entry", () => {
    const declared = all(graph(), "aws:scheduler/schedule:Schedule").map((s) => s.name);
    expect(declared.sort()).toEqual(schedules.map((entry) => `${entry.name}Schedule`).sort());
  });

  it.each(schedules.map((entry) => [entry.name, entry] as const))(
    "runs %s on its rate, invoking its own function, once per tick",
    (name, entry) => {
      const { schedule, fn } = scheduled(graph(), name);
      expect(schedule.inputs.scheduleExpression).toBe(entry.schedule);
      expect(schedule.inputs.state).toBe("ENABLED");
      const target = schedule.inputs.target as { arn: string; roleArn: string; retryPolicy: unknown };
      expect(target.arn).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${fn.inputs.name}`);
      // A failed run is not retried: the next tick takes up whatever is still due.
      expect(target.retryPolicy).toEqual({ maximumRetryAttempts: 0 });
      expect(statements(roleOf(graph(), target.roleArn))).toEqual([
        { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [target.arn] },
      ]);
    },
  );

  it.each(schedules.map((entry) => [entry.name, entry] as const))(
    "builds %s's handler with the shared defaults, linked to its table only",
    (name, entry) => {
      const { fn } = scheduled(graph(), name);
      const build = graph().builds.find((b) => b.functionID === `${name}Handler`);
      expect(build?.handler).toBe(entry.handler);
      expect(Object.keys(build?.links ?? {}).sort()).toEqual([...entry.link].sort());
      expect(fn.inputs.runtime).toBe(handlerDefaults.runtime);
      expect(fn.inputs.architectures).toEqual([handlerDefaults.architecture]);
      expect(fn.inputs.memorySize).toBe(Number.parseInt(handlerDefaults.memory, 10));
      expect(fn.inputs.timeout).toBe(Number.parseInt(handlerDefaults.timeout, 10));
      expect(fn.inputs.tracingConfig).toEqual({ mode: "Active" });

      const table = one(graph(), "aws:dynamodb/table:Table");
      const tableArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${table.inputs.name}`;
      const granted = statements(roleOf(graph(), fn.inputs.role));
      expect(granted.length).toBeGreaterThan(0);
      for (const statement of granted) {
        expect(statement.Action.every((action) => action.startsWith("dynamodb:"))).toBe(true);
        // The table and, under it, its indexes (the sweep queries gsi3); nothing else.
        expect([...statement.Resource].sort()).toEqual([tableArn, `${tableArn}/*`]);
      }
    },
  );
}

/**
 * The offer chain (infra/dispatch.ts), asserted on a declared graph: graph.test.ts calls this once per stage. A durable
 * Lambda function on the shared runtime that links the table alone; only the routes that start it or answer it
 * (their route-table entries link OfferChain) may invoke it or send its callbacks, and no other role may.
 */
import { expect, it } from "vitest";
import { handlerDefaults, offerChain, routes } from "../../functions/src/catalogue/routes";
import type { GraphResult } from "./graph-harness";
import { all, arnOf, named, one, roleOf, statements } from "./graph-queries";

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const workflowFunction = (graph: GraphResult) =>
  named(graph, "aws:lambda/function:Function", `${offerChain.name}HandlerFunction`);

/** What linking a durable function grants (SST's Function.getSSTLink), on every version of it. */
const callbackActions = [
  "lambda:InvokeFunction",
  "lambda:SendDurableExecutionCallbackSuccess",
  "lambda:SendDurableExecutionCallbackFailure",
  "lambda:SendDurableExecutionCallbackHeartbeat",
];

export function dispatchTests(graph: () => GraphResult): void {
  it("runs the offer chain as a durable function: 5-minute executions, 1-minute invocations, a week's history", () => {
    const fn = workflowFunction(graph());
    expect(fn.inputs.durableConfig).toEqual({ executionTimeout: 300, retentionPeriod: 7 });
    expect(fn.inputs.timeout).toBe(60);
    expect(fn.inputs.runtime).toBe(handlerDefaults.runtime);
    expect(fn.inputs.runtime).toBe("nodejs22.x");
    // Versions, so a deploy never swaps the code under a running chain.
    expect(fn.inputs.publish).toBe(true);
    const build = graph().builds.find((b) => b.handler === offerChain.handler);
    expect(Object.keys(build?.links ?? {})).toEqual(["Table"]);
  });

  it("lets the offer chain use the table and nothing else", () => {
    const tableArn = arnOf(one(graph(), "aws:dynamodb/table:Table"));
    const granted = statements(roleOf(graph(), workflowFunction(graph()).inputs.role));
    expect(granted.map(({ Action, Resource }) => ({ Action, Resource }))).toEqual([
      { Action: ["dynamodb:*"], Resource: [tableArn, `${tableArn}/*`] },
    ]);
  });

  it("lets exactly the four chained routes' roles invoke the offer chain and answer its callbacks", () => {
    const chained = routes.filter((route) => route.link.includes("OfferChain")).map(routeKey);
    expect(chained.sort()).toEqual([
      "POST /rides",
      "POST /rides/{rideId}/cancel",
      "POST /unicorn/offers/{offerId}/accept",
      "POST /unicorn/offers/{offerId}/decline",
    ]);
    const workflowArn = arnOf(workflowFunction(graph()));
    const versions = `${workflowArn}:*`;
    const functions = all(graph(), "aws:lambda/function:Function");
    // Any grant on the workflow, or of durable executions at all (the scheduler's role invokes the sweep alone).
    const lambdaGrants = all(graph(), "aws:iam/role:Role").flatMap((role) =>
      statements(role)
        .filter(
          (s) =>
            s.Action.some((action) => action === "*" || action.includes("DurableExecution")) ||
            s.Resource.some((resource) => resource === "*" || resource.startsWith(workflowArn)),
        )
        .map((s) => ({ role: role.name, s })),
    );
    const routeRole = (key: string) =>
      roleOf(graph(), functions.find((f) => f.inputs.description === `Api route ${key}`)?.inputs.role).name;
    expect(lambdaGrants.map((grant) => grant.role).sort()).toEqual(chained.map(routeRole).sort());
    for (const { role, s } of lambdaGrants) {
      expect(s.Effect, role).toBe("Allow");
      expect(s.Action, role).toEqual(expect.arrayContaining(callbackActions));
      expect(s.Resource, role).toEqual([versions]);
    }
  });
}

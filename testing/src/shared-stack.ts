/** The integration project's one shared local stack, started by global-setup.ts: tests get its endpoints here. */
import { type Endpoints, setHandlerEnvironment } from "@wildrydes/local/stack";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    sharedStack: Endpoints;
  }
}

/** The shared stack's endpoints, with this test process's DynamoDB client pointed at its table. */
export function sharedStack(): Endpoints {
  const endpoints = inject("sharedStack");
  if (!endpoints) throw new Error("no shared stack: run this file in the integration project (vitest.config.ts)");
  setHandlerEnvironment(endpoints);
  return endpoints;
}

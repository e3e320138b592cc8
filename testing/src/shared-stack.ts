/** The integration project's one shared local stack, started by vitest-global-setup.ts: tests get its endpoints here. */
import { setTimeout as sleep } from "node:timers/promises";
import { type Endpoints, setHandlerEnvironment } from "@wildrydes/local/stack";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    sharedStack: Endpoints;
  }
}

/** The shared stack's endpoints once it serves, with this test process's DynamoDB client pointed at its table. */
export async function sharedStack(): Promise<Endpoints> {
  const endpoints = inject("sharedStack");
  if (!endpoints) throw new Error("no shared stack: run this file in the integration project (vitest.config.ts)");
  setHandlerEnvironment(endpoints);
  // The gateway starts last, after the store is seeded: its first answer means the whole stack is up.
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await sleep(100)) {
    const answer = await fetch(`${endpoints.apiUrl}/openapi.json`).catch(() => null);
    if (answer?.ok) return endpoints;
  }
  throw new Error("the shared local stack did not come up within 90 s (see the run's log)");
}

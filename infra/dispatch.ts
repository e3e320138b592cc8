/**
 * The offer chain (functions/src/catalogue/routes.ts's offerChain): a Lambda durable function that offers a requested
 * ride to the nearest free unicorns in turn and waits for each answer. The routes that start it or answer it link it
 * (infra/api.ts); it links only what its entry lists.
 */
import { offerChain } from "../functions/src/catalogue/routes";
import "./functions";
import { linkable } from "./storage";

export const offerChainWorkflow = new sst.aws.Workflow(offerChain.name, {
  handler: offerChain.handler,
  link: offerChain.link.map((name) => linkable[name]),
  // Each invocation runs only until the next wait; the execution bound covers the waits.
  timeout: { execution: offerChain.executionTimeout, invocation: "1 minute" },
  // A finished chain's history stays a week, to look into a complaint; the ride itself keeps the outcome.
  retention: "7 days",
});

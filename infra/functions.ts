/**
 * Defaults for every Lambda function of the app, set once (functions/src/catalogue/routes.ts's handlerDefaults):
 * runtime, architecture, memory, timeout, how it is bundled (functions/src/catalogue/bundling.ts), active X-Ray tracing
 * and the policy to write traces, plus the stage's environment (infra/stage.ts). A function's own memory, timeout or variable (a route's, from the
 * route table) wins. Import before creating functions: the API's routes, the schedules' and the stream subscribers'.
 */
import { nodejs } from "../functions/src/catalogue/bundling";
import { handlerDefaults } from "../functions/src/catalogue/routes";
import { functionEnvironment } from "./stage";

const xrayWrite = $interpolate`arn:${aws.getPartitionOutput().partition}:iam::aws:policy/AWSXRayDaemonWriteAccess`;

$transform(sst.aws.Function, (args) => {
  args.runtime ??= handlerDefaults.runtime;
  args.architecture ??= handlerDefaults.architecture;
  args.memory ??= handlerDefaults.memory;
  args.timeout ??= handlerDefaults.timeout;
  args.nodejs ??= nodejs;
  args.environment = $output(args.environment ?? {}).apply((own) => ({ ...functionEnvironment, ...own }));
  args.policies = $output(args.policies ?? []).apply((policies) => xrayWrite.apply((xray) => [...policies, xray]));
  const own = args.transform?.function;
  args.transform = {
    ...args.transform,
    function: (fn, opts, name) => {
      fn.tracingConfig = { mode: "Active" };
      if (typeof own === "function") own(fn, opts, name);
      else Object.assign(fn, own);
    },
  };
});

/**
 * vitest globalSetup of the integration project: ONE local stack for every file that can share it (each test
 * makes its own riders), instead of one per file. Files that kill the store, race a fleet of their own, freeze
 * the throttle's clock or watch their own handlers' process still start their own.
 */
import { readFileSync } from "node:fs";
import { claimPorts, endpointsFor, startStack } from "@wildrydes/local/stack";
import type { TestProject } from "vitest/node";
import type {} from "./shared-stack";

export default async function setup(project: TestProject) {
  // A run of only files with stacks of their own (say, one file while working on it) need not start this one.
  const files = project.vitest.state.getPaths();
  if (files.length > 0 && !files.some((file) => readFileSync(file, "utf8").includes("testing/shared-stack"))) return;
  // The handlers run in this process, which does not get the project's `env`: give them the same (quiet logs).
  for (const [name, value] of Object.entries(project.config.env ?? {})) process.env[name] ??= String(value);
  const ports = await claimPorts({}, false);
  // Started in the background, so files with stacks of their own run meanwhile; sharedStack() waits for it.
  // Unthrottled: the stage-wide route buckets would turn one file's burst into another's 429 (edge.test.ts and
  // throttle.test.ts test the throttle on stacks of their own).
  const starting = startStack({ ports, web: false, throttle: false });
  starting.catch((error) => console.error("The shared local stack did not start:", error));
  project.provide("sharedStack", endpointsFor(ports));
  return async () => (await starting.catch(() => null))?.stop();
}

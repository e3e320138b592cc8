/** Looking things up in a declared graph, shared by the graph test's suites. */
import type { GraphResource, GraphResult } from "./graph-harness";
import { providerOutputs } from "./graph-program";

export function all(graph: GraphResult, type: string): GraphResource[] {
  return graph.resources.filter((resource) => resource.type === type);
}

export function one(graph: GraphResult, type: string): GraphResource {
  const [first, ...others] = all(graph, type);
  if (!first || others.length > 0)
    throw new Error(`expected exactly one ${type}, found ${others.length + (first ? 1 : 0)}`);
  return first;
}

/** The app's handlers: every function but infra/map.ts's deploy-time key reader, which serves no rider. */
export function appFunctions(graph: GraphResult): GraphResource[] {
  return all(graph, "aws:lambda/function:Function").filter((fn) => fn.name !== "MapKeyReader");
}

/** An SST dynamic resource (KV entries, route updates) by the start of its logical name. */
export function dynamic(graph: GraphResult, namePrefix: string): GraphResource {
  const found = all(graph, "pulumi-nodejs:dynamic:Resource").filter((r) => r.name.startsWith(`${namePrefix}.`));
  if (found.length !== 1) throw new Error(`expected exactly one dynamic resource ${namePrefix}, found ${found.length}`);
  return found[0] as GraphResource;
}

export interface Statement {
  Effect: string;
  Action: string[];
  Resource: string[];
}

/** The mocks give each role an ARN ending in its logical name. */
export function roleOf(graph: GraphResult, arn: unknown): GraphResource {
  const role = all(graph, "aws:iam/role:Role").find((r) => String(arn).endsWith(`/${r.name}`));
  if (!role) throw new Error(`no role for ${String(arn)}`);
  return role;
}

/** Everything a role's inline policies allow. */
export const statements = (role: GraphResource): Statement[] =>
  ((role.inputs.inlinePolicies ?? []) as { policy: string }[]).flatMap((inline) => JSON.parse(inline.policy).Statement);

/** A resource of `type` by its logical name. */
export function named(graph: GraphResult, type: string, name: string): GraphResource {
  const found = all(graph, type).find((resource) => resource.name === name);
  if (!found) throw new Error(`no ${type} ${name}`);
  return found;
}

/** A resource's outputs as the mocks answered them (outputs are not recorded, inputs are). */
export const outputsOf = (resource: GraphResource): Record<string, unknown> =>
  providerOutputs(resource.type, resource.name, resource.id, resource.inputs);

/** A resource's ARN as the mocks answered it. */
export const arnOf = (resource: GraphResource) => String(outputsOf(resource).arn);

/** The Event API's id and domains (infra/live.ts) as the mocks answered them. */
export function eventApiOf(graph: GraphResult) {
  const api = one(graph, "aws:appsync/api:Api");
  return { api, ...(outputsOf(api) as { apiId: string; apiArn: string; dns: { HTTP: string; REALTIME: string } }) };
}

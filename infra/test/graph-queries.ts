/** Looking things up in a declared graph, shared by the graph test's suites. */
import type { GraphResource, GraphResult } from "./graph-harness";

export function all(graph: GraphResult, type: string): GraphResource[] {
  return graph.resources.filter((resource) => resource.type === type);
}

export function one(graph: GraphResult, type: string): GraphResource {
  const [first, ...others] = all(graph, type);
  if (!first || others.length > 0)
    throw new Error(`expected exactly one ${type}, found ${others.length + (first ? 1 : 0)}`);
  return first;
}

/** An SST dynamic resource (KV entries, route updates) by the start of its logical name. */
export function dynamic(graph: GraphResult, namePrefix: string): GraphResource {
  const found = all(graph, "pulumi-nodejs:dynamic:Resource").filter((r) => r.name.startsWith(`${namePrefix}.`));
  if (found.length !== 1) throw new Error(`expected exactly one dynamic resource ${namePrefix}, found ${found.length}`);
  return found[0] as GraphResource;
}

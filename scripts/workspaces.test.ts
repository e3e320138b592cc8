/**
 * The workspaces' own dependency graph has no cycle, and every import of another workspace is declared in the
 * importer's package.json (so npm's graph is the real one). The finer "may import" rules are Biome's (biome.json).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const { workspaces } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { workspaces: string[] };
const nameOf = (dir: string) => (JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8")) as Pkg).name;
interface Pkg {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (["node_modules", ".next", "out"].includes(entry)) return [];
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx|mjs)$/.test(entry) ? [full] : [];
  });
}

/** Each workspace's name → the workspaces its package.json names. */
const declared = new Map(
  workspaces.map((dir) => {
    const pkg = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8")) as Pkg;
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) =>
      d.startsWith("@wildrydes/"),
    );
    return [pkg.name, deps];
  }),
);

describe("the workspaces", () => {
  it("declare every workspace they import", () => {
    for (const dir of workspaces) {
      const imported = new Set(
        sources(path.join(root, dir)).flatMap((file) =>
          [...readFileSync(file, "utf8").matchAll(/from "(@wildrydes\/[\w-]+)/g)].map((m) => m[1] as string),
        ),
      );
      imported.delete(nameOf(dir));
      expect(
        [...imported].filter((d) => !declared.get(nameOf(dir))?.includes(d)),
        `${dir} imports undeclared`,
      ).toEqual([]);
    }
  });

  it("form no cycle", () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (name: string, trail: string[]) => {
      if (done.has(name)) return;
      if (visiting.has(name)) return void cycles.push([...trail, name].join(" → "));
      visiting.add(name);
      for (const dep of declared.get(name) ?? []) visit(dep, [...trail, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of declared.keys()) visit(name, []);
    expect(cycles).toEqual([]);
  });
});

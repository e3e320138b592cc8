import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { routes } from "./routes";

const root = path.resolve(import.meta.dirname, "../../..");

describe("the route table", () => {
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s: its handler's edge checks the role the table declares",
    async (_, route) => {
      const [file, name] = route.handler.split(/\.(?=\w+$)/) as [string, string];
      const url = pathToFileURL(path.join(root, `${file}.ts`)).href;
      const module = (await import(/* @vite-ignore */ url)) as Record<string, { role?: string }>;
      expect(module[name]?.role).toBe(route.role);
    },
  );
});

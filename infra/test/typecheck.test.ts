/**
 * sst.config.ts (and infra/*.ts) type-check against SST's real component types, the ones `sst install`
 * generates in .sst/platform. A canary with a deliberate misuse proves those types are not silently `any`.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensurePlatform, platformDir, repoRoot } from "./platform";

const infraConfig = join(repoRoot, "infra", "tsconfig.json");
const cacheDir = join(repoRoot, "node_modules", ".cache", "wildrydes-infra");
const posix = (path: string) => path.split("\\").join("/");

/** A tsconfig that is infra/tsconfig.json plus the canary file. */
function writeCanaryProject(): string {
  mkdirSync(cacheDir, { recursive: true });
  const canary = join(cacheDir, "canary.ts");
  writeFileSync(
    canary,
    [
      `/// <reference path="${posix(join(platformDir, "config.d.ts"))}" />`,
      "// @ts-expect-error a Dynamo table needs fields and a primary index; were `sst` typed `any`, this would pass",
      `new sst.aws.Dynamo("Canary", {});`,
      "export {};",
      "",
    ].join("\n"),
  );
  const base = JSON.parse(readFileSync(infraConfig, "utf8")) as { include: string[] };
  const project = join(cacheDir, "tsconfig.canary.json");
  writeFileSync(
    project,
    JSON.stringify({
      extends: posix(infraConfig),
      compilerOptions: { tsBuildInfoFile: posix(join(cacheDir, "canary.tsbuildinfo")) },
      include: [...base.include.map((pattern) => posix(resolve(dirname(infraConfig), pattern))), posix(canary)],
    }),
  );
  return project;
}

function tsc(project: string): Promise<{ code: number; output: string }> {
  const compiler = createRequire(join(repoRoot, "package.json")).resolve("typescript/bin/tsc");
  return new Promise((done) => {
    execFile(process.execPath, [compiler, "-p", project, "--pretty", "false"], { cwd: repoRoot }, (error, stdout) =>
      done({ code: error ? Number(error.code ?? 1) : 0, output: stdout }),
    );
  });
}

describe("sst.config.ts types", () => {
  beforeAll(ensurePlatform, 180_000);

  it("type-checks against .sst/platform's config.d.ts with no errors", async () => {
    const result = await tsc(writeCanaryProject());
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });
});

/** `npm start`'s command line: a mistake gets the usage and exit code 2, never a stack trace or a started stack. */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Options npm kept from the run that started vitest would change the CLI's answer: leave them out.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("npm_config_")));

/**
 * Runs the CLI. It checks its command line before loading the stack's modules, so a run costs about TypeScript's
 * loader; `node --import tsx` is one process where the tsx binary starts two.
 */
function cli(args: string[], env: Record<string, string> = {}) {
  const options = { cwd: repoRoot, env: { ...cleanEnv, ...env }, timeout: 30_000 };
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "local/src/cli.ts", ...args], options, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe.concurrent("npm start's command line", () => {
  it("answers an unknown option with the usage and exit code 2", async () => {
    const run = await cli(["--bogus"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bogus'");
    expect(run.stderr).toContain("Usage: npm start -- [--persist]");
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).toBe("");
  });

  it("answers a bad port the same way", async () => {
    const run = await cli(["--port-web", "web"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--port-web must be a port number, got "web"');
    expect(run.stderr).toContain("Usage: npm start");
  });

  it.each([
    [["--sweep-every", "often"], '--sweep-every must be a whole number of seconds (0 turns it off), got "often"'],
    [["--boarding-window", "0"], '--boarding-window must be a whole number of seconds above 0, got "0"'],
  ])("answers a bad number of seconds (%j) the same way", async (args, message) => {
    const run = await cli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Usage: npm start");
    expect(run.stdout).toBe("");
  });

  it("names the `--` form when npm kept an option for itself (`npm start --persist`)", async () => {
    const run = await cli([], { npm_config_persist: "true" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("npm start -- --persist");
  });

  it("prints the usage on --help and exits 0", async () => {
    const run = await cli(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("--persist");
    expect(run.stdout).toContain("--sweep-every");
    expect(run.stdout).toContain("--boarding-window");
  });
});

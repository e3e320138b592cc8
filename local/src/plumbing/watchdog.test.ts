import { spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { isRunning } from "./processes";

const processes = path.join(import.meta.dirname, "processes.ts");

/** A process that starts one child as the stack starts DynamoDB Local, prints the child's pid, and idles. */
async function parentWithChild(): Promise<{ parent: number; child: number }> {
  const script = `import(${JSON.stringify(processes)}).then(({ startProcess }) => {
    const { child } = startProcess("sh", ["-c", "sleep 60; true"], { name: "sleeper" });
    console.log(child.pid);
    setInterval(() => {}, 1000);
  });`;
  const parent = spawn(process.execPath, ["--import", "tsx", "-e", script], {
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await parent.stdout.take(1).toArray()) as Buffer[];
  return { parent: parent.pid as number, child: Number(String(line).trim()) };
}

describe("the watchdog", () => {
  it.each(["its process group", "its pid alone"])("ends a child when its parent is SIGKILLed: %s", async (what) => {
    const { parent, child } = await parentWithChild();
    try {
      expect(isRunning(child)).toBe(true);
      process.kill(what === "its pid alone" ? parent : -parent, "SIGKILL");
      for (const deadline = Date.now() + 3000; isRunning(child) && Date.now() < deadline; ) await sleep(20);
      expect(isRunning(child)).toBe(false);
    } finally {
      for (const group of [-child, -parent]) {
        try {
          process.kill(group, "SIGKILL"); // only if the test failed: no orphan to the next
        } catch {
          // ended, as it should be
        }
      }
    }
  });
});

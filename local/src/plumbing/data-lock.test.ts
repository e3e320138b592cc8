import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataLock } from "./data-lock";
import { isRunning } from "./processes";

let dir: string;
let lockFile: string;
let warnings: string[];
const warn = (line: string) => void warnings.push(line);
const started: ChildProcess[] = [];

/** A process that lives until killed, its group's leader, with `args` on its command line. */
function sleeper(...args: string[]): ChildProcess {
  // `; true`: sh must stay (not exec sleep), so its command line keeps `args`.
  const child = spawn("sh", ["-c", "sleep 60; true", ...args], { detached: true, stdio: "ignore" });
  started.push(child);
  return child;
}
const commandOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "wr-data-lock-"));
  lockFile = path.join(dir, "stack.lock");
  warnings = [];
});
afterEach(() => {
  for (const { pid } of started.splice(0)) {
    try {
      process.kill(-(pid as number), "SIGKILL"); // sh and its sleep
    } catch {
      // ended already
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("the data lock", () => {
  it("is held until released, records the children, and refuses a second stack meanwhile", async () => {
    const held = await DataLock.acquire(dir, warn);
    held.record("dynamodb", 1234);
    expect(JSON.parse(readFileSync(lockFile, "utf8"))).toMatchObject({
      pid: process.pid,
      children: { dynamodb: 1234 },
    });
    await expect(DataLock.acquire(dir, warn)).rejects.toThrow(`in use by the local stack of process ${process.pid}`);
    expect(() => DataLock.check(dir, warn)).toThrow("stop that stack first");
    held.release();
    expect(existsSync(lockFile)).toBe(false);
    (await DataLock.acquire(dir, warn)).release();
    expect(warnings).toEqual([]);
  });

  it("refuses while another live process holds it, naming its pid", async () => {
    const owner = sleeper();
    const pid = owner.pid as number;
    const lock = { pid, command: commandOf(pid), startedAt: "2026-12-07T00:00:00.000Z", children: {} };
    writeFileSync(lockFile, JSON.stringify(lock));
    await expect(DataLock.acquire(dir, warn)).rejects.toThrow(`process ${pid} (started 2026-12-07T00:00:00.000Z)`);
  });

  it("takes over from a dead owner, ending a recorded child that still names the folder, and no other", async () => {
    const leftover = sleeper(path.join(dir, "dynamodb"));
    const stranger = sleeper("elsewhere");
    const [ours, theirs] = [leftover.pid as number, stranger.pid as number];
    // A pid reused by another program is no owner either: the command line differs.
    const lock = {
      pid: theirs,
      command: "java -jar DynamoDBLocal.jar",
      startedAt: "",
      children: { dynamodb: ours, cognito: theirs },
    };
    writeFileSync(lockFile, JSON.stringify(lock));
    const held = await DataLock.acquire(dir, warn);
    expect(isRunning(ours)).toBe(false);
    expect(isRunning(theirs)).toBe(true);
    expect(warnings).toEqual([
      `Warning: the stack of process ${theirs} ended without stopping and left dynamodb (pid ${ours}) running: ended them.`,
    ]);
    expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
    held.release();
  });

  it("sets a damaged lock aside and takes the folder", async () => {
    writeFileSync(lockFile, "");
    const held = await DataLock.acquire(dir, warn);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("stack.lock was damaged (it is empty)");
    held.release();
  });
});

/**
 * A local stack in a child process of its own, for tests that kill it mid-flight and start again on the same persisted
 * data (`persistDir`): the most faithful stand-in for a crash, or a `kill -9` of `npm start`'s process group, that
 * does not touch the developer's own `.local/data` (`npm start -- --persist` always uses that folder).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Endpoints, LiveEndpoints, StackOptions } from "@wildrydes/local/stack";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const entry = path.join(repoRoot, "testing", "src", "stack-process-main.ts");

export interface StackProcess {
  endpoints: Endpoints & { events: LiveEndpoints };
  pid: number;
  /** What the stack process printed (its warnings included). */
  output(): string;
  /**
   * SIGKILLs the child's process group, as `kill -9 -<pgid>` would, or its own pid alone. DynamoDB Local and
   * cognito-local run in process groups of their own, ended by the stack's watchdog (local/src/plumbing/watchdog.ts):
   * resolves once every process the stack had started is gone, naming those that outlived the kill by 5 s (and were
   * then killed here, so one failing test leaves no orphan to the next).
   */
  kill(target?: "group" | "pid"): Promise<{ survivors: string[] }>;
}

export type StackProcessOptions = Pick<
  StackOptions,
  "persistDir" | "ports" | "sweepEverySeconds" | "throttle" | "boardingWindowSeconds"
>;

export async function startStackProcess(options: StackProcessOptions, timeoutMs = 120_000): Promise<StackProcess> {
  // npm's options of the run that started vitest mean nothing to the stack.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("npm_config_")));
  const child = spawn(process.execPath, ["--import", "tsx", entry, JSON.stringify(options)], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    if (output.length < 64_000) output += chunk.toString();
  };
  child.stderr?.on("data", collect);
  child.stdout?.on("data", collect);
  const endpoints = await new Promise<StackProcess["endpoints"]>((resolve, reject) => {
    let pending = "";
    const timer = setTimeout(
      () => reject(new Error(`the stack process did not start in ${timeoutMs} ms: ${output}`)),
      timeoutMs,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const line = pending.split("\n").find((l) => l.startsWith("READY "));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice("READY ".length)));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the stack process exited (${code ?? signal}) before it served: ${output}`));
    });
  });
  const pid = child.pid as number;
  return { endpoints, pid, output: () => output, kill: (target = "group") => killTree(child, pid, target) };
}

async function killTree(child: ChildProcess, pid: number, target: "group" | "pid"): Promise<{ survivors: string[] }> {
  const descendants = descendantsOf(pid);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  process.kill(target === "group" ? -pid : pid, "SIGKILL");
  await exited;
  // The watchdog needs a moment: read the pipe's end, kill, exit.
  for (const deadline = Date.now() + 5000; descendants.some((d) => alive(d.pid)) && Date.now() < deadline; ) {
    await sleep(50);
  }
  const survivors = descendants.filter((d) => alive(d.pid));
  for (const d of survivors) {
    for (const target of [-d.pid, d.pid]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // gone already, or not a group leader
      }
    }
  }
  for (const deadline = Date.now() + 10_000; survivors.some((d) => alive(d.pid)) && Date.now() < deadline; ) {
    await sleep(50);
  }
  return { survivors: survivors.map((d) => d.command) };
}

/** Every process below `pid`, as `ps` lists them now. */
function descendantsOf(pid: number): { pid: number; command: string }[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid=,comm="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .map(([p, pp, ...command]) => ({ pid: Number(p), ppid: Number(pp), command: command.join(" ") }));
  const found: { pid: number; command: string }[] = [];
  const walk = (parent: number) => {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push({ pid: row.pid, command: row.command });
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const state = execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).trim();
    return state !== "" && !state.startsWith("Z");
  } catch {
    return false;
  }
}

/** The processes whose command line names `dir` (DynamoDB Local's -dbPath, cognito-local's state dir), from /proc. */
export function processesNaming(dir: string): { pid: number; command: string }[] {
  const names = [path.resolve(dir), realpathSync(dir)];
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
        return names.some((name) => command.includes(name)) ? [{ pid: Number(entry), command }] : [];
      } catch {
        return []; // ended meanwhile
      }
    });
}

/** Resolves once nothing listens on any of `ports` of 127.0.0.1 (a killed process's sockets are closed). */
export async function portsFree(ports: number[], timeoutMs = 15_000): Promise<void> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
  for (const deadline = Date.now() + timeoutMs; ; await sleep(100)) {
    const states = await Promise.all(ports.map(free));
    if (states.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`ports ${ports.filter((_, i) => !states[i])} still in use`);
  }
}

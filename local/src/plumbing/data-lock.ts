/**
 * One stack at a time on a persisted data folder: `<dir>/stack.lock` names the stack's process and its children. A
 * second start while that process lives refuses in one sentence, before it starts anything (two DynamoDB Locals on
 * one set of files would corrupt them); a lock left by a stack that died is taken over, once the children it
 * recorded are gone (./watchdog.ts ends them; a leftover that still names the folder is ended here).
 */
import { linkSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PersistedFile } from "./persisted-file";
import { isRunning, StackError } from "./processes";

interface Owner {
  pid: number;
  /** The owner's command line as /proc has it: a pid reused by another program is no owner. */
  command: string;
  startedAt: string;
  children: Record<string, number>;
}

export interface HeldLock {
  /** Records a child's pid (or its end, with undefined), so a start after a crash can end it if it survived. */
  record(name: string, pid: number | undefined): void;
  release(): void;
}

/** Lock files held by stacks of this process: the pid alone cannot tell a running stack from a stopped one. */
const heldHere = new Set<string>();

export namespace DataLock {
  /** Refuses, in one sentence, when a live stack holds `dir` (the CLI asks before its minute-long web build). */
  export function check(dir: string, warn: (line: string) => void): void {
    const owner = readOwner(lockFile(dir), warn);
    if (owner && lives(owner, lockFile(dir))) throw inUse(dir, owner);
  }

  export async function acquire(dir: string, warn: (line: string) => void): Promise<HeldLock> {
    mkdirSync(dir, { recursive: true });
    const file = lockFile(dir);
    const mine: Owner = {
      pid: process.pid,
      command: commandLine(process.pid) ?? process.argv.join(" "),
      startedAt: new Date().toISOString(),
      children: {},
    };
    // Written aside, then linked into place: link fails if a lock exists, so two starts cannot both take it.
    const temp = `${file}.tmp-${process.pid}-lock`;
    writeFileSync(temp, JSON.stringify(mine));
    try {
      for (let attempt = 1; !tryLink(temp, file); attempt++) {
        const owner = readOwner(file, warn);
        if (owner && lives(owner, file)) throw inUse(dir, owner);
        if (owner) await endLeftovers(owner, dir, warn);
        if (attempt === 3) throw new StackError(`Could not take ${file}: another start keeps replacing it.`);
        rmSync(file, { force: true });
      }
    } finally {
      rmSync(temp, { force: true });
    }
    heldHere.add(file);
    return {
      record(name, pid) {
        if (pid === undefined) delete mine.children[name];
        else mine.children[name] = pid;
        if (heldHere.has(file)) PersistedFile.writeJson(file, mine);
      },
      release() {
        if (!heldHere.delete(file)) return;
        if (readOwner(file, () => {})?.pid === process.pid) rmSync(file, { force: true });
      },
    };
  }
}

const lockFile = (dir: string) => path.join(dir, "stack.lock");

function tryLink(temp: string, file: string): boolean {
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

function readOwner(file: string, warn: (line: string) => void): Owner | undefined {
  return PersistedFile.readJson<Owner>(file, {
    warn,
    valid: (value): value is Owner => typeof (value as Owner | null)?.pid === "number",
    absentMeans: "the data is taken over as if no stack held it",
  });
}

function lives(owner: Owner, file: string): boolean {
  if (owner.pid === process.pid) return heldHere.has(file);
  if (!isRunning(owner.pid)) return false;
  // A zombie's command line is empty; without /proc (macOS) the pid is all there is to go by.
  const now = commandLine(owner.pid);
  return now === undefined ? commandLine(process.pid) === undefined : now === owner.command;
}

function inUse(dir: string, owner: Owner): StackError {
  return new StackError(
    `${shown(dir)} is in use by the local stack of process ${owner.pid} (started ${owner.startedAt}): stop that ` +
      `stack first (Ctrl-C in its terminal, or \`kill ${owner.pid}\`); two stacks on one data folder would corrupt it.`,
  );
}

/** Ends the children a dead stack recorded that still run on this folder (their command line names it). */
async function endLeftovers(owner: Owner, dir: string, warn: (line: string) => void): Promise<void> {
  const names = [path.resolve(dir), realpathSync(dir)];
  const leftovers = Object.entries(owner.children).filter(([, pid]) => {
    const command = commandLine(pid);
    return isRunning(pid) && command !== undefined && names.some((name) => command.includes(name));
  });
  if (leftovers.length === 0) return;
  for (const [, pid] of leftovers) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // gone already, or not a group leader
      }
    }
  }
  for (const deadline = Date.now() + 5000; leftovers.some(([, pid]) => isRunning(pid)) && Date.now() < deadline; ) {
    await sleep(50);
  }
  const ended = leftovers.map(([name, pid]) => `${name} (pid ${pid})`).join(", ");
  warn(`Warning: the stack of process ${owner.pid} ended without stopping and left ${ended} running: ended them.`);
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return undefined;
  }
}

/** The folder as the person at the terminal knows it: relative to where they are, if it is below. */
function shown(dir: string): string {
  const relative = path.relative(process.cwd(), path.resolve(dir));
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : path.resolve(dir);
}

/**
 * Ends the stack's children when the stack's process dies, however it dies. Node cannot ask Linux to signal a child
 * when its parent dies (PR_SET_PDEATHSIG) and a SIGKILL runs no exit hook, so one small `sh`, in a session of its own
 * (a kill of the stack's process group spares it), reads a pipe whose other end only the stack holds. The kernel
 * closes that end when the stack dies: the watchdog reads end-of-file, kills the process groups it was told of, and
 * exits. Why not a library: docs/decisions/0023-crash-safe-local-stack.md.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";

// One line per change, "+ <pid>" for a child started, "- <pid>" for one that ended (its pid may be reused); at
// end-of-file, each child still listed is killed with its process group.
const script = [
  'live=" "',
  "while read -r change pid; do",
  '  case "$change" in',
  '    +) live="$live$pid " ;;',
  '    -) live=$(printf "%s" "$live" | sed "s/ $pid / /") ;;',
  "  esac",
  "done",
  'for pid in $live; do kill -s KILL -- "-$pid" 2>/dev/null; done',
].join("\n");

let watchdog: ChildProcess | undefined;

function running(): ChildProcess {
  if (watchdog) return watchdog;
  const started = spawn("sh", ["-c", script], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  // It must not keep this process alive, nor crash it if someone killed it (the exit hooks still cover an exit).
  started.unref();
  (started.stdin as unknown as Socket).unref();
  started.stdin?.on("error", () => {});
  const gone = () => {
    if (watchdog === started) watchdog = undefined;
  };
  started.once("exit", gone);
  started.once("error", gone); // no `sh`: the exit hooks are all there is
  watchdog = started;
  return started;
}

export namespace Watchdog {
  /** From now on, `pid` (a process group's leader, as `detached` children are) dies when this process dies. */
  export function watch(pid: number): void {
    running().stdin?.write(`+ ${pid}\n`);
  }

  /** `pid` has ended: its number may go to another process, which the watchdog must not kill. */
  export function forget(pid: number): void {
    watchdog?.stdin?.write(`- ${pid}\n`);
  }
}

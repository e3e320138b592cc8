/**
 * Child processes of the local stack (DynamoDB Local, cognito-local). Each runs in its own process group so that
 * stopping kills the whole tree (java forks nothing, but `npx`-style wrappers would). Exit hooks kill them when this
 * process exits or is signalled; the watchdog (./watchdog.ts) when it dies of what no hook sees, a SIGKILL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { Watchdog } from "./watchdog";

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

// Last line of defence: whatever way this process exits, take the children with it.
const killAll = () => {
  for (const child of running) killGroup(child, "SIGKILL");
};
process.once("exit", killAll);
// Children live in their own process groups, so a signal that kills this process would orphan them: a test
// runner stopped with Ctrl-C or SIGTERM must not leave DynamoDB Local holding its port.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    killAll();
    // Alone, we re-raise so the process still dies of the signal; otherwise the host's own handler decides.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

export interface Managed {
  child: ChildProcess;
  /** Everything the process printed so far (for error messages when it dies during startup). */
  output(): string;
  stop(): Promise<void>;
}

export function startProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; log?: (line: string) => void; name: string },
): Managed {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const { pid } = child;
  if (pid !== undefined) {
    Watchdog.watch(pid);
    child.once("exit", () => Watchdog.forget(pid));
  }
  let output = "";
  // A missing executable surfaces as an 'error' event, not an exit: remember it for waitUntil.
  child.once("error", (error) => {
    output += `${error.message}\n`;
    running.delete(child);
  });
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    if (output.length < 64_000) output += text;
    // Children are chatty (cognito-local logs every call): show them only when debugging the stack itself.
    if (!process.env.LOCAL_DEBUG) return;
    for (const line of text.split("\n")) if (line.trim()) options.log?.(`[${options.name}] ${line}`);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  child.once("exit", () => running.delete(child));
  return {
    child,
    output: () => output,
    async stop() {
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Below the kernel's range for outgoing connections (Linux 32768–60999, macOS 49152+), so no client socket takes a
// port between choosing it and binding it (CI once lost a port that way); each test worker draws from its own slice.
const slice = 1500;
const worker = Number(process.env.VITEST_POOL_ID ?? Number(process.env.TEST_PARALLEL_INDEX ?? -1) + 1);
const sliceStart = 20_000 + (worker % 8) * slice;
const handedOut = new Set<number>();

/** A free TCP port on 127.0.0.1, never one this process has handed out before. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = sliceStart + Math.floor(Math.random() * slice);
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the check, so calls running side by side never pick the same one
    if (await canListen(port)) return port;
  }
  throw new StackError(`No free port between ${sliceStart} and ${sliceStart + slice}: stop what holds them.`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Resolves `wanted` (0 = any free port) and fails with one sentence when the port is taken. */
export async function claimPort(wanted: number, what: string, flag?: string): Promise<number> {
  if (wanted === 0) return freePort();
  if (!(await canListen(wanted))) {
    const hint = flag ? ` pass ${flag} <port> (or 0 for any free port)` : " choose another port";
    throw new StackError(`Port ${wanted} for ${what} is already in use: stop whatever holds it or${hint}.`);
  }
  return wanted;
}

/** An error meant for the person at the terminal: its message is the whole story, no stack trace needed. */
export class StackError extends Error {
  override name = "StackError";
}

/** Polls `probe` until it resolves true, the child dies, or the time is up. */
export async function waitUntil(
  probe: () => Promise<boolean>,
  options: { managed?: Managed; timeoutMs: number; what: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const child = options.managed?.child;
    if (child && (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)) {
      throw new StackError(`${options.what} exited during startup:\n${options.managed?.output().trim()}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new StackError(`${options.what} was not ready after ${options.timeoutMs / 1000} s.`);
}

/** Node's parser errors that deserve their own status; any other malformed request is a plain 400. */
const clientErrorStatus: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
};

/**
 * A request node could not even parse gets a 4xx and a closed socket; the server keeps serving everyone else.
 * A server with a `clientError` handler of its own (the gateway words its refusals as API Gateway) keeps it.
 */
export function answerClientErrors(server: http.Server): void {
  if (server.listenerCount("clientError") > 0) return;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset connection cannot be answered, nor one whose response has already begun.
    const begun = (socket as { _httpMessage?: http.ServerResponse })._httpMessage?.headersSent;
    if (error.code === "ECONNRESET" || !socket.writable || begun) return void socket.destroy();
    const status = clientErrorStatus[error.code ?? ""] ?? "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
}

/**
 * Wraps a request handler so nothing it throws (or rejects with) escapes and takes the stack down: the request gets
 * a 500 if nothing was sent yet, else its socket is closed.
 */
export function guarded(
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => unknown,
  log?: (line: string) => void,
): http.RequestListener {
  return (request, response) => {
    const fail = (error: unknown) => {
      log?.(`${request.method} ${request.url} failed: ${String(error)}`);
      if (response.headersSent) return void response.destroy();
      response.writeHead(500, { "content-type": "text/plain; charset=utf-8", connection: "close" });
      response.end("Internal Server Error");
    };
    try {
      Promise.resolve(handler(request, response)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

/**
 * Starts an HTTP server of the stack on 127.0.0.1 (port 0 = any free one), answering malformed requests with a 4xx;
 * `stop` also ends kept-alive sockets.
 */
export async function listenOnLoopback(
  server: http.Server,
  port: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: bound } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The whole body, or null when it passes `maxBytes` (the rest is read and dropped, so the answer still goes out). */
export async function readBodyUpTo(request: http.IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) chunks.push(chunk as Buffer);
  }
  return size <= maxBytes ? Buffer.concat(chunks) : null;
}

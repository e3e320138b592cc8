/**
 * `npm start`: the whole app offline. Builds the web app (cached; one build serves any ports), starts DynamoDB
 * Local, cognito-local, the live events, the API gateway emulator, the sweep's timer and the static server, and
 * prints one line with the URL, then one per demo account (a unicorn's crew, the operator). The command line is
 * checked before the stack's modules load, so a mistake is answered at once.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DataLock } from "./plumbing/data-lock";
import { PersistedFile } from "./plumbing/persisted-file";
import { StackError } from "./plumbing/processes";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const usage = `Usage: npm start -- [--persist] [--no-build] [--sweep-every 5] [--boarding-window 300]
                    [--port-web 3000] [--port-api 3001] [--port-events 3002] [--port-cognito 9229]
                    [--port-dynamodb 8000]
  --persist          keep riders, rides and unicorns in .local/data between runs (default: fresh every start)
  --no-build         serve the last web build instead of building (the web app must already be built once)
  --sweep-every      seconds between runs of the sweep that ends due rides; 0 turns it off
  --boarding-window  seconds a rider has to board once the unicorn has arrived
  --port-events      the live events (AppSync Events' protocol: POST /event, WebSocket /event/realtime)
  --port-*           fixed ports; 0 picks any free port`;

const options = {
  persist: { type: "boolean", default: false },
  "no-build": { type: "boolean", default: false },
  "sweep-every": { type: "string", default: "5" },
  "boarding-window": { type: "string", default: "300" },
  "port-web": { type: "string", default: "3000" },
  "port-api": { type: "string", default: "3001" },
  "port-events": { type: "string", default: "3002" },
  "port-cognito": { type: "string", default: "9229" },
  "port-dynamodb": { type: "string", default: "8000" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** A mistake in the command line: answered with the usage and exit code 2, never a stack trace. */
class UsageError extends Error {}

function parsePort(value: string, flag: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`${flag} must be a port number, got "${value}".`);
  return port;
}

function parseSeconds(value: string, flag: string, { zero }: { zero: string | false }): number {
  if (/^\d+$/.test(value) && (zero || Number(value) > 0)) return Number(value);
  const allowed = zero ? `a whole number of seconds (0 ${zero})` : "a whole number of seconds above 0";
  throw new UsageError(`${flag} must be ${allowed}, got "${value}".`);
}

function parseOptions(args: string[]) {
  // `npm start --persist` (no `--`) makes npm keep the option and set npm_config_persist instead.
  const swallowed = Object.keys(options).filter((name) => process.env[npmConfigName(name)] !== undefined);
  if (swallowed.length > 0) {
    const flags = swallowed.map((name) => `--${name}`).join(" ");
    throw new UsageError(`npm kept ${flags} for itself: put options after \`--\`, as in \`npm start -- ${flags}\`.`);
  }
  const { values } = parseStrict(args);
  const ports = {
    web: parsePort(values["port-web"], "--port-web"),
    api: parsePort(values["port-api"], "--port-api"),
    events: parsePort(values["port-events"], "--port-events"),
    cognito: parsePort(values["port-cognito"], "--port-cognito"),
    dynamodb: parsePort(values["port-dynamodb"], "--port-dynamodb"),
  };
  const sweepEverySeconds = parseSeconds(values["sweep-every"], "--sweep-every", { zero: "turns it off" });
  const boardingWindowSeconds = parseSeconds(values["boarding-window"], "--boarding-window", { zero: false });
  return { ...values, ports, sweepEverySeconds, boardingWindowSeconds };
}

function parseStrict(args: string[]) {
  try {
    return parseArgs({ args, options });
  } catch (error) {
    // node's parseArgs throws ERR_PARSE_ARGS_UNKNOWN_OPTION, _INVALID_OPTION_VALUE, _UNEXPECTED_POSITIONAL.
    if (String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError((error as Error).message);
    }
    throw error;
  }
}

/** npm's name for an option it kept: `--persist` → npm_config_persist, `--no-build` → npm_config_build. */
function npmConfigName(option: string): string {
  return `npm_config_${option.replace(/^no-/, "").replaceAll("-", "_")}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const values = parseOptions(process.argv.slice(2));
  if (values.help) {
    console.log(usage);
    return;
  }
  // Loaded only now: the stack's modules (the SDK, the handlers) take seconds, a usage answer should not.
  const [{ assertJava }, { claimPorts, endpointsFor, startStack }, { buildWeb, latestBuild }, { demoAccountLines }] =
    await Promise.all([
      import("./dynamodb/dynamodb-local"),
      import("./stack"),
      import("./site/web-build"),
      import("./cognito/demo-accounts"),
    ]);
  const log = (line: string) => console.log(line);
  const persistDir = values.persist ? path.join(repoRoot, ".local", "data") : undefined;
  // Before the ports (the other stack holds them too) and the build: the lock says which stack, and what to do.
  if (persistDir) DataLock.check(persistDir, log);
  const ports = await claimPorts(values.ports, true);
  assertJava();

  let webRoot: string;
  let buildSeconds = 0;
  if (values["no-build"]) {
    // Builds hold no ports, so the newest one serves whatever ports this start uses.
    const newest = latestBuild();
    if (!newest) throw new StackError("--no-build needs a previous build: run `npm start` once without it.");
    webRoot = newest;
  } else {
    const buildStarted = performance.now();
    const build = await buildWeb(endpointsFor(ports), log);
    webRoot = build.root;
    if (!build.cached) buildSeconds = (performance.now() - buildStarted) / 1000;
  }

  const stackStarted = performance.now();
  const { sweepEverySeconds, boardingWindowSeconds } = values;
  const stack = await startStack({
    ports,
    persistDir,
    web: { root: webRoot },
    sweepEverySeconds,
    boardingWindowSeconds,
    log,
  });
  const { endpoints } = stack;
  mkdirSync(path.join(repoRoot, ".local"), { recursive: true });
  PersistedFile.writeJson(path.join(repoRoot, ".local", "endpoints.json"), endpoints, 2);

  const seconds = (s: number) => `${s.toFixed(1)} s`;
  const readyIn = seconds((performance.now() - stackStarted) / 1000);
  const build = buildSeconds ? `, web build ${seconds(buildSeconds)}` : "";
  console.log(
    `Wild Rydes is running at ${endpoints.webUrl}  (sign-up verification code: ${endpoints.verificationCode}; ready in ${readyIn}${build}; total ${seconds((performance.now() - started) / 1000)})`,
  );
  if (endpoints.demoAccounts) console.log(demoAccountLines(endpoints.demoAccounts).join("\n"));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(130); // a second Ctrl-C: give up waiting
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGHUP", () => void shutdown("SIGHUP"));
  // tsx runs this file in a child of its own: if tsx is killed outright, nothing signals us, so watch for it.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(orphaned);
    void shutdown("parent process gone");
  }, 1000);
  orphaned.unref();
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (error instanceof StackError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});

/**
 * The whole offline stand-in for AWS in one call: DynamoDB Local with the app's table, cognito-local behind its
 * proxy, the live events (AppSync Events' protocol), the API Gateway emulator over the real handlers, and
 * (optionally) the static web server, which routes `/api`, `/cognito` and `/event` to the others so the browser sees
 * one origin, as with the cloud's router.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DurableLambdaHandler } from "@aws/durable-execution-sdk-js";
import { securityHeaders } from "@wildrydes/core/site/security-headers";
import { answerNames } from "@wildrydes/core/store/offer-chain";
import { openApiDocument } from "@wildrydes/functions/catalogue/openapi";
import { handlerDefaults, offerChain, routes, schedules, throttle } from "@wildrydes/functions/catalogue/routes";
import { subscriptions } from "@wildrydes/functions/catalogue/subscriptions";
import { localIssuer, localPool, startCognitoLocal } from "./cognito/cognito-local";
import { type DemoAccounts, demoAccounts, seedDemoAccounts } from "./cognito/demo-accounts";
import { startCognitoProxy } from "./cognito/proxy";
import { startDynamoDb } from "./dynamodb/dynamodb-local";
import { importHandler, startGateway, type Throttle } from "./gateway/gateway";
import { createJwtAuthorizer } from "./gateway/jwt-authorizer";
import { startAthena } from "./lake/athena";
import { type Firehose, startFirehose } from "./lake/firehose";
import { type LiveEvents, startLiveEvents } from "./live/events-server";
import { type DurableFunctions, startDurableFunctions } from "./orchestrator/durable-functions";
import { DataLock, type HeldLock } from "./plumbing/data-lock";
import { localCredentials, localOfferChain, useHandlerEnvironment } from "./plumbing/handler-environment";
import { claimPort, freePort } from "./plumbing/processes";
import { type Scheduler, startScheduler } from "./schedules/scheduler";
import { sitePaths } from "./site/router";
import { startStaticServer } from "./site/static-server";
import { type StreamPoller, startStreamPoller } from "./streams/poller";

export interface Endpoints {
  webUrl: string | null;
  /** The gateway emulator's own URL (tests and tools call it directly). */
  apiUrl: string;
  /** The API as the browser calls it, through the site (`<webUrl>/api`); null without the web server. */
  siteApiUrl: string | null;
  /** The Cognito proxy's own URL. */
  cognitoEndpoint: string;
  /** The Cognito endpoint as the browser calls it, through the site (`<webUrl>/cognito`). */
  siteCognitoEndpoint: string | null;
  userPoolId: string;
  userPoolClientId: string;
  region: string;
  verificationCode: string;
  dynamodbEndpoint: string;
  tableName: string;
  /** The live events stand-in (AppSync Events); null only in endpoints made without its port (a web build's). */
  events: LiveEndpoints | null;
  /**
   * The accounts of the other roles, made when the stack seeds (cognito/demo-accounts.ts): a unicorn crew per crewed
   * unicorn and an operator. Null for a stack started without seeding.
   */
  demoAccounts: DemoAccounts | null;
}

/** The Event API's two endpoints: the signed HTTP publish and the clients' WebSocket. */
export interface LiveEndpoints {
  httpUrl: string;
  realtimeUrl: string;
}

export type PortName = "dynamodb" | "cognito" | "api" | "events" | "web";

export interface StackOptions {
  /** 0 (or absent) = pick a free one. */
  ports?: Partial<Record<PortName, number>>;
  /** DynamoDB Local -dbPath and cognito-local state are kept here; otherwise in memory / a temp dir. */
  persistDir?: string;
  /** Serve a built web/out; false = no static server (integration tests). */
  web?: false | { root: string };
  /** Default true: seed the fleet via Fleet.seed(), and make the demo accounts (crews linked to their unicorns). */
  seed?: boolean;
  /** The gateway's route throttle: default the route table's `throttle`, as deployed; false = none (load tests). */
  throttle?: Throttle | false;
  /** How many handler invocations may run at once (GatewayOptions.concurrency). */
  concurrency?: number;
  /** The throttle's clock in milliseconds; tests freeze it so a burst is judged without racing the refill. */
  throttleClock?: () => number;
  /** How often the local stack runs the scheduled sweep, in seconds; 0 (tests' default) = only on `runSchedule`. */
  sweepEverySeconds?: number;
  /** Run the stream subscribers on DynamoDB Local's stream (default true). */
  streams?: boolean;
  /** Where records the subscribers gave up on are written (default: a file in the persist dir or the temp dir). */
  deadLetterFile?: string;
  /** Seconds a rider has to board once the unicorn has arrived (BOARDING_WINDOW_SECONDS; 300 by default). */
  boardingWindowSeconds?: number;
  log?: (line: string) => void;
}

export const tableName = "wildrydes-local";
const credentials = localCredentials;
const portFlags: Record<PortName, string> = {
  dynamodb: "--port-dynamodb",
  cognito: "--port-cognito",
  api: "--port-api",
  events: "--port-events",
  web: "--port-web",
};

/** Turns wanted ports (0 = any) into free, concrete ones, failing with one sentence on a busy port. */
export async function claimPorts(wanted: Partial<Record<PortName, number>>, withWeb: boolean) {
  const names: PortName[] = ["dynamodb", "cognito", "api", "events", ...(withWeb ? (["web"] as const) : [])];
  const ports: Partial<Record<PortName, number>> = {};
  for (const name of names) ports[name] = await claimPort(wanted[name] ?? 0, `the local ${name}`, portFlags[name]);
  return ports as Record<Exclude<PortName, "web">, number> & { web?: number };
}

/**
 * The endpoints of a stack on these ports; `events` may be left out where only the web build's inputs matter.
 * `seeded` (default true, as `startStack`'s `seed`) says whether the demo accounts exist.
 */
export function endpointsFor(
  ports: Record<Exclude<PortName, "web" | "events">, number> & { web?: number; events?: number },
  o: { seeded?: boolean } = {},
): Endpoints {
  const webUrl = ports.web ? `http://127.0.0.1:${ports.web}` : null;
  return {
    webUrl,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    siteApiUrl: webUrl && `${webUrl}${sitePaths.api}`,
    cognitoEndpoint: `http://127.0.0.1:${ports.cognito}`,
    siteCognitoEndpoint: webUrl && `${webUrl}${sitePaths.cognito}`,
    userPoolId: localPool.userPoolId,
    userPoolClientId: localPool.webClientId,
    region: localPool.region,
    verificationCode: localPool.verificationCode,
    dynamodbEndpoint: `http://127.0.0.1:${ports.dynamodb}`,
    tableName,
    events: ports.events ? liveEndpoints(ports.events) : null,
    demoAccounts: (o.seeded ?? true) ? demoAccounts() : null,
  };
}

/** The Event API's endpoints on this port (the paths AppSync uses: `/event`, `/event/realtime`). */
export function liveEndpoints(port: number): LiveEndpoints {
  return { httpUrl: `http://127.0.0.1:${port}/event`, realtimeUrl: `ws://127.0.0.1:${port}/event/realtime` };
}

/** What the handlers read (plumbing/handler-environment.ts), pointed at this stack. */
export function setHandlerEnvironment(
  endpoints: Endpoints,
  internal: { lambdaUrl?: string; firehoseUrl?: string; athenaUrl?: string } = {},
) {
  // The Event API as a linked resource (`Resource.Live`): the publishers sign their POSTs with the dummy keys.
  useHandlerEnvironment({ ...endpoints, stage: "local", live: endpoints.events, ...internal });
}

export interface Stack {
  endpoints: Endpoints & { events: LiveEndpoints };
  stop(): Promise<void>;
  /** Runs a schedule of the route table's `schedules` now, e.g. `runSchedule("Sweep")`. */
  runSchedule: Scheduler["runNow"];
  /** The stream subscribers: `caughtUp()` resolves once they have read every change made before the call. */
  streams: Pick<StreamPoller, "caughtUp">;
  /** The ride-events lake: its folder, and `flush()` to write what Firehose's stand-in holds now. */
  lake: { dir(): string; flush(): Promise<void> };
  /** The offer chains (durable executions) running on the vendor's local runner; `settled()`: all have ended. */
  offerChains: Pick<DurableFunctions, "running" | "settled" | "operations">;
  /** The dead-letter file of the stream subscribers. */
  deadLetterFile: string;
  /** Fault injection for tests: stop DynamoDB Local and start it again (same port and data), or freeze it. */
  dynamodb: { stop(): Promise<void>; start(): Promise<void>; pause(): void; resume(): void };
  /**
   * The live events stand-in: `restart()` drops every connection and serves again on the same port (clients must
   * reconnect, as after a network blip); `publish` sends as the server would; `connections()` counts open, authorized sockets.
   */
  live: { restart(): Promise<void> } & Pick<LiveEvents, "publish" | "connections">;
}

export async function startStack(o: StackOptions = {}): Promise<Stack> {
  // Warnings about kept data (a damaged file set aside, a dead stack's leftovers ended) are shown even unasked.
  const warn = o.log ?? console.warn;
  // Before anything starts: a second stack on the data of a live one must not touch it.
  const lock = o.persistDir ? await DataLock.acquire(o.persistDir, warn) : undefined;
  return startUnderLock(o, lock, warn).catch((error: unknown) => {
    lock?.release();
    throw error;
  });
}

async function startUnderLock(
  o: StackOptions,
  lock: HeldLock | undefined,
  warn: (line: string) => void,
): Promise<Stack> {
  const log = o.log ?? (() => {});
  const ports = await claimPorts(o.ports ?? {}, o.web !== undefined && o.web !== false);
  const seed = o.seed ?? true;
  const endpoints = { ...endpointsFor(ports, { seeded: seed }), events: liveEndpoints(ports.events) };
  // Lambda's durable-function API (the offer chain's orchestrator): internal, called only by the handlers.
  const [lambdaPort, firehosePort, athenaPort] = [await freePort(), await freePort(), await freePort()];
  setHandlerEnvironment(endpoints, {
    lambdaUrl: `http://127.0.0.1:${lambdaPort}`,
    firehoseUrl: `http://127.0.0.1:${firehosePort}`,
    athenaUrl: `http://127.0.0.1:${athenaPort}`,
  });
  if (o.boardingWindowSeconds !== undefined) process.env.BOARDING_WINDOW_SECONDS = String(o.boardingWindowSeconds);

  const stoppers: (() => Promise<void>)[] = [];
  let poller: StreamPoller | undefined;
  const deadLetterFile =
    o.deadLetterFile ??
    path.join(
      o.persistDir ?? os.tmpdir(),
      o.persistDir ? "dead-letters.jsonl" : `wr-dead-letters-${process.pid}.jsonl`,
    );
  let scheduler: Scheduler = startScheduler({ schedules, region: endpoints.region, everyMs: 0 });
  const dynamoOptions = {
    port: ports.dynamodb,
    tableName,
    dbPath: o.persistDir ? path.join(o.persistDir, "dynamodb") : undefined,
    credentials,
    region: endpoints.region,
    log,
  };
  let stopDynamo = async () => {};
  let dynamoPid: number | undefined;
  const signalDynamo = (signal: NodeJS.Signals) => dynamoPid !== undefined && process.kill(dynamoPid, signal);
  const dynamodb = {
    stop: async () => {
      await stopDynamo();
      stopDynamo = async () => {};
    },
    start: async () => {
      const started = await startDynamoDb(dynamoOptions);
      [stopDynamo, dynamoPid] = [started.stop, started.pid];
      lock?.record("dynamodb", dynamoPid);
    },
    pause: () => void signalDynamo("SIGSTOP"),
    resume: () => void signalDynamo("SIGCONT"),
  };
  let liveEvents: LiveEvents | undefined;
  let offerChains: DurableFunctions | undefined;
  let lake: Pick<Firehose, "flush"> | undefined;
  let lakeDir = "";
  let startLive = async () => {};
  const live: Stack["live"] = {
    restart: async () => {
      await liveEvents?.stop();
      await startLive();
    },
    publish: (channel, events) => liveEvents?.publish(channel, events) ?? 0,
    connections: () => liveEvents?.connections() ?? 0,
  };
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch((e) => log(`stop failed: ${String(e)}`));
    stoppers.length = 0;
    lock?.release();
  };
  try {
    const cognitoDir = o.persistDir
      ? path.join(o.persistDir, "cognito")
      : mkdtempSync(path.join(os.tmpdir(), "wr-cognito-"));
    if (!o.persistDir) stoppers.push(async () => rmSync(cognitoDir, { recursive: true, force: true }));
    const [dynamo, cognito] = await Promise.allSettled([
      startDynamoDb(dynamoOptions),
      freePort().then((port) => startCognitoLocal({ port, stateDir: cognitoDir, log, warn })),
    ]);
    if (dynamo.status === "fulfilled") {
      [stopDynamo, dynamoPid] = [dynamo.value.stop, dynamo.value.pid];
      stoppers.push(() => stopDynamo());
      lock?.record("dynamodb", dynamoPid);
    }
    if (cognito.status === "fulfilled") {
      stoppers.push(cognito.value.stop);
      lock?.record("cognito", cognito.value.pid);
    }
    for (const part of [dynamo, cognito]) if (part.status === "rejected") throw part.reason;
    if (cognito.status !== "fulfilled") throw new Error("unreachable");

    // The browser may open the site as 127.0.0.1 or localhost: both are the web app's origin.
    const siteOrigins = ports.web ? [`http://127.0.0.1:${ports.web}`, `http://localhost:${ports.web}`] : undefined;
    const proxy = await startCognitoProxy({
      port: ports.cognito,
      upstream: cognito.value.endpoint,
      userPoolId: localPool.userPoolId,
      stateDir: cognitoDir,
      allowedOrigins: siteOrigins,
      // The pool administrator's calls, signed with the same keys the handlers hold (as IAM would sign them).
      admin: { region: endpoints.region, credentials },
      log,
    });
    stoppers.push(proxy.stop);

    const { Crew } = await import("@wildrydes/core/store/crew");
    if (seed) {
      const { Fleet } = await import("@wildrydes/core/store/fleet");
      await Fleet.seed();
      // After the fleet: a crew's link names its unicorn's profile.
      await seedDemoAccounts({
        admin: proxy.admin,
        userPoolId: localPool.userPoolId,
        accounts: endpoints.demoAccounts ?? demoAccounts(),
        link: (sub, unicorn) => Crew.link(sub, unicorn),
        log,
      });
    }

    const authorizer = createJwtAuthorizer({
      issuer: localIssuer,
      audiences: [localPool.webClientId],
      jwks: `${cognito.value.endpoint}/${localPool.userPoolId}/.well-known/jwks.json`,
    });
    // AppSync's Cognito auth takes the same tokens as the API's JWT authorizer, so the live events use that one.
    // A unicorn's channel is its crew's: the account's stored link, as the cloud's unicorns namespace reads it.
    const linkedUnicorn = async (sub: string) => {
      try {
        return (await Crew.linkOf(sub))?.unicornId;
      } catch (error) {
        // The store is down: no unicorn's channel for anyone (a rider's own and the fleet's need no lookup).
        log(`live: the crew link of ${sub} could not be read: ${String(error)}`);
        return undefined;
      }
    };
    startLive = async () => {
      liveEvents = await startLiveEvents({
        port: ports.events,
        authorize: authorizer,
        linkedUnicorn,
        region: endpoints.region,
        credentials,
        log,
      });
    };
    await startLive();
    stoppers.push(async () => {
      startLive = async () => {};
      await liveEvents?.stop();
    });
    const chain = await importHandler(offerChain.handler);
    const orchestrator = await startDurableFunctions({
      port: lambdaPort,
      region: endpoints.region,
      credentials,
      functions: {
        [localOfferChain.name]: { handler: chain as DurableLambdaHandler, callbacks: answerNames },
      },
      log,
    });
    stoppers.push(orchestrator.stop);
    offerChains = orchestrator;
    // The runner keeps executions in memory: a stack started again on kept data resumes the chains it lost.
    const { OfferChain } = await import("@wildrydes/core/store/offer-chain");
    const waiting = await OfferChain.waiting();
    for (const ride of waiting) orchestrator.start(localOfferChain.name, `ride-${ride.rideId}`, ride);
    if (waiting.length > 0) log(`resumed ${waiting.length} offer chain(s) of rides still finding a unicorn`);
    const gateway = await startGateway({
      port: ports.api,
      routes,
      authorizer,
      // No allowOrigins: any origin, like a development stage (the workshop's page, served anywhere, calls POST /ride).
      defaults: { timeout: handlerDefaults.timeout, memory: handlerDefaults.memory },
      throttle: o.throttle === false ? undefined : (o.throttle ?? throttle),
      concurrency: o.concurrency,
      now: o.throttleClock,
      documents: { "/openapi.json": () => openApiDocument(endpoints.apiUrl) },
      log,
    });
    stoppers.push(gateway.stop);
    // The ride-events lake (Firehose's stand-in writing Parquet): .local/lake with --persist, else a temp dir.
    lakeDir = o.persistDir ? path.join(o.persistDir, "..", "lake") : mkdtempSync(path.join(os.tmpdir(), "wr-lake-"));
    const lakeToRemove = lakeDir;
    if (!o.persistDir) stoppers.push(async () => rmSync(lakeToRemove, { recursive: true, force: true }));
    // Firehose's own clock, as deployed: files in the folder of the day they arrive.
    const firehose = await startFirehose({
      port: firehosePort,
      region: endpoints.region,
      credentials,
      lakeDir,
      partitionBy: "arrival-day",
      log,
    });
    stoppers.push(firehose.stop);
    lake = firehose;
    // Athena's stand-in: GET /ops/metrics's queries, run by DuckDB over the same Parquet files.
    const athena = await startAthena({ port: athenaPort, region: endpoints.region, credentials, lakeDir, log });
    stoppers.push(athena.stop);
    if (o.streams ?? true) {
      poller = await startStreamPoller({
        endpoint: endpoints.dynamodbEndpoint,
        region: endpoints.region,
        credentials,
        tableName,
        subscriptions,
        deadLetterFile,
        checkpointFile: o.persistDir ? path.join(o.persistDir, "stream-checkpoints.json") : undefined,
        log,
        warn,
      });
      stoppers.push(() => poller?.stop() ?? Promise.resolve());
    }
    scheduler = startScheduler({
      schedules,
      region: endpoints.region,
      everyMs: (o.sweepEverySeconds ?? 0) * 1000,
      log,
    });
    stoppers.push(scheduler.stop);

    if (o.web && ports.web) {
      // The browser calls only the site's origin: the CSP's connect-src is 'self' alone.
      const siteRoutes = {
        [sitePaths.api]: endpoints.apiUrl,
        [sitePaths.cognito]: endpoints.cognitoEndpoint,
        [sitePaths.events]: endpoints.events.httpUrl,
      };
      const headers = securityHeaders();
      const web = await startStaticServer({ port: ports.web, root: o.web.root, headers, routes: siteRoutes, log });
      stoppers.push(web.stop);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoints,
    stop,
    live,
    dynamodb,
    runSchedule: (name) => scheduler.runNow(name),
    streams: { caughtUp: () => poller?.caughtUp() ?? Promise.resolve() },
    lake: { dir: () => lakeDir, flush: () => lake?.flush() ?? Promise.resolve() },
    offerChains: {
      running: () => offerChains?.running() ?? 0,
      operations: () => offerChains?.operations() ?? 0,
      settled: () => offerChains?.settled() ?? Promise.resolve(),
    },
    deadLetterFile,
  };
}

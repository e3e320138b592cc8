/**
 * cognito-local with a pre-seeded, AWS-shaped user pool and web client, so tokens carry the same issuer, kid-based
 * JWKS and claims the cloud's JWT authorizer checks. State lives in `<stateDir>/.cognito/` (cognito-local's layout).
 * cognito-local rewrites its files in place (stormdb's writeFile), so a crash mid-write tears one: the start reads
 * them guarded, and sets a torn one aside (its users are lost; the pool and client are seeded again).
 */
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { passwordPolicy } from "@wildrydes/core/rules/password-policy";
import { groups } from "@wildrydes/core/rules/roles";
import { PersistedFile } from "../plumbing/persisted-file";
import { startProcess, waitUntil } from "../plumbing/processes";

const require = createRequire(import.meta.url);

export const localPool = {
  region: "us-east-1",
  userPoolId: "us-east-1_LocalPool1",
  /** Shaped like a real client id (26 lowercase letters and digits). */
  webClientId: "wildrydeslocalwebclient000",
  issuerDomain: "https://cognito-idp.us-east-1.amazonaws.com",
  /** Every confirmation code cognito-local "sends" is this one. */
  verificationCode: "123456",
} as const;

export const localIssuer = `${localPool.issuerDomain}/${localPool.userPoolId}`;

type Warn = (line: string) => void;

function readJson(file: string, warn: Warn): Record<string, unknown> {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const absentMeans = "it is seeded afresh (accounts made since the last start are gone)";
  return PersistedFile.readJson(file, { warn, valid: isObject, absentMeans }) ?? {};
}

/** cognito-local's file for the pool: its options and its users, passwords included. */
function poolFile(stateDir: string): string {
  return path.join(stateDir, ".cognito", "db", `${localPool.userPoolId}.json`);
}

/** The pool's groups (roles, core/src/rules/roles.ts); Precedence as Cognito's, lower wins. */
const poolGroups = [
  { GroupName: groups.operators, Description: "Operators: the /ops routes", Precedence: 1 },
  { GroupName: groups.unicorns, Description: "Unicorn crews: the /unicorn routes", Precedence: 2 },
];

interface StoredUser {
  Username: string;
  Password?: string;
  Attributes?: { Name: string; Value: string }[];
}

/**
 * A user as cognito-local stores it, password included (the proxy's SRP needs it), found as cognito-local finds
 * one: by username, else by email (the pool's username attribute). Undefined for an unknown user.
 */
export async function storedUser(
  stateDir: string,
  typed: string,
): Promise<{ username: string; password: string } | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const pool = JSON.parse(await readFile(poolFile(stateDir), "utf8")) as { Users?: Record<string, StoredUser> };
      const users = pool.Users ?? {};
      const user =
        users[typed] ??
        Object.values(users).find((u) => u.Attributes?.some((a) => a.Name === "email" && a.Value === typed));
      return user?.Password === undefined ? undefined : { username: user.Username, password: user.Password };
    } catch (error) {
      // cognito-local rewrites the file in place: a read in the middle of a write sees it cut short.
      if (attempt >= 10) throw error;
      await sleep(25);
    }
  }
}

/**
 * Writes pool, client and config; keeps users, group members (and any other client or group) already in a persisted
 * state dir.
 */
export function seedCognitoState(stateDir: string, warn: Warn = console.warn): void {
  const dbDir = path.join(stateDir, ".cognito", "db");
  mkdirSync(dbDir, { recursive: true });
  const { USER_POOL_AWS_DEFAULTS } = require("cognito-local/lib/services/cognitoService.js") as {
    USER_POOL_AWS_DEFAULTS: Record<string, unknown>;
  };
  const now = new Date().toISOString();
  const pool = readJson(poolFile(stateDir), warn);
  pool.Users ??= {};
  pool.Options = {
    ...USER_POOL_AWS_DEFAULTS,
    Id: localPool.userPoolId,
    Name: "wildrydes-local",
    Arn: `arn:aws:cognito-idp:${localPool.region}:000000000000:userpool/${localPool.userPoolId}`,
    UsernameAttributes: ["email"],
    AutoVerifiedAttributes: ["email"],
    MfaConfiguration: "OFF",
    Policies: {
      PasswordPolicy: {
        MinimumLength: passwordPolicy.minimumLength,
        RequireLowercase: passwordPolicy.requireLowercase,
        RequireUppercase: passwordPolicy.requireUppercase,
        RequireNumbers: passwordPolicy.requireNumbers,
        RequireSymbols: passwordPolicy.requireSymbols,
        TemporaryPasswordValidityDays: 7,
      },
    },
    CreationDate: now,
    LastModifiedDate: now,
  };
  // cognito-local's own CreateGroup would replace a group whole, members and all: its file is written instead.
  const stored = (pool.Groups ?? {}) as Record<string, { members?: string[]; CreationDate?: string }>;
  pool.Groups = {
    ...stored,
    ...Object.fromEntries(
      poolGroups.map((group) => {
        const before = stored[group.GroupName];
        const members = before?.members ?? [];
        const created = before?.CreationDate ?? now;
        return [group.GroupName, { ...group, CreationDate: created, LastModifiedDate: now, members }];
      }),
    ),
  };
  PersistedFile.writeJson(poolFile(stateDir), pool, 2);

  const clientsFile = path.join(dbDir, "clients.json");
  const clients = readJson(clientsFile, warn) as { Clients?: Record<string, unknown> };
  clients.Clients = {
    ...clients.Clients,
    [localPool.webClientId]: {
      ClientId: localPool.webClientId,
      ClientName: "web",
      UserPoolId: localPool.userPoolId,
      // As the cloud's client. cognito-local ignores this list: the proxy enforces it (cognito-door.ts).
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      PreventUserExistenceErrors: "ENABLED",
      // Cognito's defaults: 60-minute access and id tokens, 30-day refresh tokens.
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
      CreationDate: now,
      LastModifiedDate: now,
    },
  };
  PersistedFile.writeJson(clientsFile, clients, 2);

  const config = { TokenConfig: { IssuerDomain: localPool.issuerDomain } };
  PersistedFile.writeJson(path.join(stateDir, ".cognito", "config.json"), config, 2);
}

export async function startCognitoLocal(o: {
  port: number;
  stateDir: string;
  log?: (line: string) => void;
  /** Where a warning about a damaged state file goes (default: the console). */
  warn?: Warn;
}): Promise<{ endpoint: string; pid: number | undefined; stop(): Promise<void> }> {
  seedCognitoState(o.stateDir, o.warn);
  const bin = require.resolve("cognito-local/lib/bin/start.js");
  // cognito-local ignores its arguments: the state dir is there so its command line names the data it holds.
  const managed = startProcess(process.execPath, [bin, o.stateDir], {
    name: "cognito",
    cwd: o.stateDir,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(o.port), CODE: localPool.verificationCode },
    log: o.log,
  });
  const endpoint = `http://127.0.0.1:${o.port}`;
  try {
    await waitUntil(async () => (await fetch(`${endpoint}/health`)).ok, {
      managed,
      timeoutMs: 30_000,
      what: "cognito-local",
    });
  } catch (error) {
    await managed.stop();
    throw error;
  }
  return { endpoint, pid: managed.child.pid, stop: () => managed.stop() };
}

/**
 * SST's platform (.sst/platform: component sources, Pulumi SDKs, esbuild, config.d.ts) is generated, not committed.
 * Both infra tests need it, so the first one to run extracts it offline, under a lock so they never race.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const platformDir = join(repoRoot, ".sst", "platform");

const lockDir = join(repoRoot, ".sst", ".infra-test-install.lock");

function installed(): boolean {
  return (
    existsSync(join(platformDir, "config.d.ts")) &&
    existsSync(join(platformDir, "node_modules", "@pulumi", "aws", "package.json")) &&
    existsSync(join(platformDir, "node_modules", "esbuild", "package.json"))
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function acquireLock(): Promise<void> {
  mkdirSync(join(repoRoot, ".sst"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch {
      // A lock older than the install's own time limit belongs to a killed run.
      const lock = statSync(lockDir, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 200_000) {
        rmSync(lockDir, { recursive: true, force: true });
      }
      await sleep(250);
    }
  }
}

/** Runs the offline `sst install` of docs/architecture.md ("Testing the cloud offline") when .sst/platform is missing. */
export async function ensurePlatform(): Promise<void> {
  if (installed()) return;
  await acquireLock();
  try {
    if (installed()) return;
    execFileSync("npx", ["sst", "install", "--stage", "ci"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        SST_SKIP_DEPENDENCY_CHECK: "1",
        SST_NO_BUN: "1",
        SST_TELEMETRY_DISABLED: "1",
        AWS_EC2_METADATA_DISABLED: "true",
      },
      stdio: "pipe",
      timeout: 170_000,
    });
    if (!installed()) throw new Error("`sst install --stage ci` finished but .sst/platform is incomplete");
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

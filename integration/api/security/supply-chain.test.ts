/**
 * Supply chain: no known high or critical advisory in what ships, a committed lockfile that `npm ci` accepts, and
 * no secret in the repository or in the built web bundle.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { latestBuild } from "@wildrydes/local/site/web-build";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const run = (command: string, args: string[]) =>
  spawnSync(command, args, { cwd: repoRoot, encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });

/** What a leaked credential looks like (written so that this file does not match itself). */
const secretPatterns: Record<string, RegExp> = {
  "AWS access key id": /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  "private key": /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  "private JWK": /"d"\s*:\s*"[A-Za-z0-9_-]{40,}"/,
  "AWS secret key": /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}/i,
  JWT: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
};

function findSecrets(files: string[], root: string): string[] {
  const found: string[] = [];
  for (const file of files) {
    const full = path.join(root, file);
    if (!existsSync(full) || !statSync(full).isFile() || statSync(full).size > 5 * 1024 * 1024) continue;
    const text = readFileSync(full, "utf8");
    if (text.includes("\u0000")) continue; // binary
    for (const [what, pattern] of Object.entries(secretPatterns)) {
      const match = pattern.exec(text);
      if (match) found.push(`${file}: ${what} (${match[0].slice(0, 12)}…)`);
    }
  }
  return found;
}

describe("supply chain", () => {
  it("has no high or critical advisory in the production dependencies (npm audit)", (context) => {
    const audit = run("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"]);
    let report: { metadata?: { vulnerabilities?: Record<string, number> }; vulnerabilities?: object; message?: string };
    try {
      report = JSON.parse(audit.stdout);
    } catch {
      throw new Error(`npm audit printed no JSON: ${audit.stderr.slice(0, 300)}`);
    }
    const counts = report.metadata?.vulnerabilities;
    if (!counts) {
      // The registry or network cannot answer audits (e.g. a mirror without the advisories endpoint): not our fault.
      context.skip(`npm audit could not reach an advisory database: ${report.message ?? audit.stderr.slice(0, 200)}`);
      return;
    }
    const severe = Object.entries(report.vulnerabilities ?? {})
      .filter(([, v]) => ["high", "critical"].includes((v as { severity: string }).severity))
      .map(([name, v]) => `${name} (${(v as { severity: string }).severity})`);
    expect(severe).toEqual([]);
    expect((counts.high ?? 0) + (counts.critical ?? 0)).toBe(0);
  }, 90_000);

  it("commits a lockfile that `npm ci` accepts", () => {
    expect(run("git", ["ls-files", "--error-unmatch", "package-lock.json"]).status).toBe(0);
    const ci = run("npm", ["ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"]);
    // A lockfile missing even an optional platform package breaks `npm ci` on a fresh clone (CI's first step).
    expect(ci.status, ci.stderr.slice(0, 800)).toBe(0);
  }, 90_000);

  it("keeps secrets out of every file that would be committed", () => {
    const listed = run("git", ["ls-files", "--cached", "--others", "--exclude-standard"]);
    expect(listed.status).toBe(0);
    const files = listed.stdout.split("\n").filter((f) => f && !/(^|\/)node_modules\//.test(f));
    expect(files.length).toBeGreaterThan(50);
    expect(findSecrets(files, repoRoot)).toEqual([]);
  });

  it("keeps tokens and keys out of the newest web bundle", (context) => {
    const candidates = [latestBuild(), path.join(repoRoot, "web", "out")].filter(
      (dir): dir is string => !!dir && existsSync(path.join(dir, "index.html")),
    );
    const bundle = candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (!bundle) {
      context.skip("no web build found (.local/web/<hash>/ or web/out): run `npm start` or `npm run build:web` first");
      return;
    }
    const files = readdirSync(bundle, { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith(".js"))).toBe(true);
    expect(findSecrets(files, bundle)).toEqual([]);
  });
});

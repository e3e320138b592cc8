import { defineConfig } from "vitest/config";

// One vitest run, four projects: the README's test command runs them all, CI the same.
// Handlers log refusals at INFO and a stopped store at WARN; tests provoke both on purpose, so they keep only
// errors (unexpected failures), and unit tests of the logging paths keep nothing.
const env = { POWERTOOLS_LOG_LEVEL: "ERROR", POWERTOOLS_METRICS_DISABLED: "true" };
const quiet = { ...env, POWERTOOLS_LOG_LEVEL: "SILENT" };

export default defineConfig({
  test: {
    projects: [
      { test: { name: "core", include: ["core/**/*.test.ts"], environment: "node", env: quiet } },
      // The web app's browser-safe logic (places, map styles); its pages are proven in Chromium by e2e/.
      { test: { name: "web", include: ["web/lib/**/*.test.ts"], environment: "node", env: quiet } },
      {
        test: {
          name: "functions",
          include: ["functions/src/**/*.test.ts"],
          environment: "node",
          env: quiet,
        },
      },
      // The local stack's own plumbing (crash-safe files, the data lock, the watchdog); its stand-ins are integration's.
      { test: { name: "local", include: ["local/src/**/*.test.ts"], environment: "node", env: quiet } },
      // The repository's own rules: workspace graph, generated docs.
      { test: { name: "repo", include: ["scripts/**/*.test.ts"], environment: "node", env: quiet } },
      {
        test: {
          name: "integration",
          include: ["integration/**/*.test.ts"],
          // One local stack shared by the files that can share it (testing/src/shared-stack.ts).
          globalSetup: ["testing/src/vitest-global-setup.ts"],
          environment: "node",
          env,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "infra",
          include: ["infra/**/*.test.ts"],
          environment: "node",
          env,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

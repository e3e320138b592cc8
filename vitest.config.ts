import { defineConfig } from "vitest/config";

// One vitest run, four projects: the README's test command runs them all, CI the same.
// Handlers log every refusal at INFO; tests keep warnings and errors only.
const env = { POWERTOOLS_LOG_LEVEL: "WARN", POWERTOOLS_METRICS_DISABLED: "true" };

export default defineConfig({
  test: {
    projects: [
      { test: { name: "core", include: ["core/**/*.test.ts"], environment: "node", env } },
      { test: { name: "functions", include: ["functions/src/**/*.test.ts"], environment: "node", env } },
      {
        test: {
          name: "integration",
          include: ["functions/test/**/*.test.ts", "local/test/**/*.test.ts"],
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

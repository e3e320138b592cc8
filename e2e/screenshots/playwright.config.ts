/** `npm run screenshots`: the ride page in each state at both sizes, written to docs/screenshots/ (not part of npm test). */
import { defineConfig } from "@playwright/test";
import e2e from "../playwright.config";

export default defineConfig({
  ...e2e,
  testDir: ".",
  globalSetup: "../global-setup.ts",
  reporter: "list",
  outputDir: "../../test-results/screenshots",
  use: { ...e2e.use, trace: "off", screenshot: "off" },
});

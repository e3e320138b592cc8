/** Faults the tests inject into the shared local stack, through global-setup.ts's control server. */

async function control(path: string): Promise<void> {
  const base = process.env.E2E_CONTROL_URL;
  if (!base) throw new Error("E2E_CONTROL_URL is not set: run the tests through e2e/playwright.config.ts");
  const answer = await fetch(`${base}${path}`, { method: "POST" });
  if (!answer.ok) throw new Error(`${path} answered ${answer.status}: ${await answer.text()}`);
}

/** Restarts the live events stand-in: every page's live connection drops, and it serves again on the same port. */
export const restartLiveEvents = () => control("/live/restart");

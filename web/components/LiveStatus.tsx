/** Whether the ride on screen is kept by live updates. Said politely, and only when it changes: the line appears
 * holding its first words (a new live region's first content is not announced), so only a loss and a recovery are. */
import type { LiveState } from "../lib/live-updates";

const words = { live: "Live updates on", delayed: "Updates delayed — reconnecting…" } as const;

export function LiveStatus({ state }: { state: LiveState }) {
  if (state !== "live" && state !== "delayed") return null;
  return (
    <p className={`live-status live-status--${state}`} role="status" aria-live="polite" aria-atomic="true">
      <span className="live-status__dot" aria-hidden="true" />
      {words[state]}
    </p>
  );
}

/**
 * A job (a ride, seen from the unicorn's side) in the crew's words: where it stands, from core's ride clock through
 * lib/ride-progress.ts as the rider's page reads it, and what it paid.
 */
import type { Ride, RideStatus, UnicornSelf } from "./api-client";
import { formatEta, formatMoney, hasUnicorn, secondsUntil } from "./ride-progress";

/** A job's status on a badge: the step the crew is at. */
export const jobStatusLabels: Record<RideStatus, string> = {
  // A job is the unicorn's once it accepts, so this shows only for a ride read before that.
  DISPATCHING: "Being offered",
  EN_ROUTE: "To the pickup",
  ARRIVED: "Waiting for the rider",
  IN_PROGRESS: "On the trip",
  COMPLETED: "Done",
  CANCELLED: "Cancelled by the rider",
  NO_SHOW: "Rider didn't show",
};

/**
 * One sentence per state, not per second (`since` is when the job entered its state, so the words hold still while the
 * countdown beside them runs).
 */
export function jobSentence(job: Ride, since: number): string {
  const eta = (iso: string) => formatEta(secondsUntil(iso, since));
  // No unicorn on it yet (or never): nothing to fly, and no times to count to.
  if (!hasUnicorn(job)) {
    return job.status === "DISPATCHING" ? "This ride is still being offered to unicorns." : endedSentence(job);
  }
  switch (job.status) {
    case "EN_ROUTE":
      return `Fly to your rider's pickup: you're due there in ${eta(job.arrivesAt)}.`;
    case "ARRIVED":
      return `You're at the pickup. Wait for your rider to board: they have ${eta(job.boardBy)}.`;
    case "IN_PROGRESS":
      return `Your rider is on board. Fly them to the destination: ${eta(job.dropoffAt ?? job.arrivesAt)} to go.`;
    default:
      return endedSentence(job);
  }
}

/** How a job ended, for the news when it leaves the screen; the clock or the last read says which way. */
export function endedSentence(job: Pick<Ride, "status"> | null): string {
  switch (job?.status) {
    case "COMPLETED":
      return "Job done: your rider is at their destination.";
    case "CANCELLED":
      return "Your rider cancelled that job.";
    case "NO_SHOW":
      return "Your rider didn't board in time, so that job has ended.";
    default:
      return "Your last job has ended.";
  }
}

/** The countdown beside an active job: what it counts down to, and when. */
export function jobCountdown(job: Ride): { label: string; until: string } | null {
  if (!hasUnicorn(job)) return null;
  switch (job.status) {
    case "EN_ROUTE":
      return { label: "At the pickup in", until: job.arrivesAt };
    case "ARRIVED":
      return { label: "Rider boards within", until: job.boardBy };
    case "IN_PROGRESS":
      return job.dropoffAt ? { label: "At the destination in", until: job.dropoffAt } : null;
    default:
      return null;
  }
}

/** What the rider paid for a job once it ended, or the agreed fare while it runs. */
export function jobAmount(job: Ride): [term: string, amount: string] {
  return job.charged ? ["Rider paid", formatMoney(job.charged)] : ["Fare", formatMoney(job.fare)];
}

/** "Stardust, the golden unicorn": the crew's unicorn by name and colour. */
export function unicornTitle(unicorn: Pick<UnicornSelf, "name" | "color">): string {
  return `${unicorn.name}, the ${unicorn.color.toLowerCase()} unicorn`;
}

/** The shift's state in words, said politely each time it changes. */
export function shiftSentence(o: { onShift: boolean; saving: boolean; hasJob: boolean }): string {
  if (o.saving) return o.onShift ? "Going off shift…" : "Going on shift…";
  if (o.onShift) return "You're on shift: new ride offers can come your way.";
  return o.hasJob
    ? "You're off shift: no new ride offers will come, but your current job continues until it's done."
    : "You're off shift: no new ride offers will come. A job you're on carries on until it's done.";
}

/** The bench's phases, in the order `npm run bench` runs them: one list for the runner and the phase entry point. */
export const phases = [
  "dispatch-cost",
  "sweep-cost",
  "events",
  "cold",
  "journey",
  "api",
  "jit-c1",
  "jit-tiered",
  "startup",
  "web",
] as const;
export type Phase = (typeof phases)[number];

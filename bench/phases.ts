/** The bench's phases, in the order `npm run bench` runs them, and what each hands back. */
import type { Figure } from "./figure";

export const phases = ["warm", "gateway", "cold", "dispatch", "web"] as const;
export type Phase = (typeof phases)[number];

/** A plain table for bench/results.md. */
export interface Table {
  title: string;
  header: string[];
  rows: (string | number)[][];
  notes?: string[];
}

export interface PhaseResult {
  figures: Figure[];
  tables?: Table[];
  /** Measurements other figures derive from (memory, cost), kept in results.json. */
  data?: unknown;
}

/** What `npm run bench` measures: its phases, and the figures and tables each hands back. */
export const phases = ["warm", "live", "cold", "web", "lake", "load"] as const;
export type Phase = (typeof phases)[number];

/** A plain table for bench/results.md. */
export type Table = { title: string; header: string[]; rows: (string | number)[][]; notes?: string[] };

export interface PhaseResult {
  figures: Figure[];
  tables?: Table[];
  /** Measurements other figures derive from (memory, cost), kept in results.json. */
  data?: unknown;
}

/** One measured figure: a value, the baseline it is compared with in the same run, and its budget. */
export interface Figure {
  /** Stable key, e.g. "cold.POST /rides.vs-getitem". */
  id: string;
  /** The table it belongs to: "Bundles", "Cold starts", "Warm overhead", "Throughput", "Memory", "Cost", "Web", … */
  group: string;
  label: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run. */
  baseline?: { label: string; value: number };
  /** value / baseline.value when a baseline exists, unless the phase derives it otherwise (cold: paired runs). */
  ratio?: number;
  /** The budget applies to the ratio when there is one, else to the value. No budget: reported only. */
  budget?: { op: "<=" | ">="; limit: number };
  /** Absent when there is no budget. */
  pass?: boolean;
}

export function judge(figure: Omit<Figure, "pass">): Figure {
  const { value, baseline, budget } = figure;
  const ratio = figure.ratio ?? (baseline && baseline.value > 0 ? value / baseline.value : undefined);
  const measured = ratio ?? value;
  const pass = budget && (budget.op === "<=" ? measured <= budget.limit : measured >= budget.limit);
  return { ...figure, ratio, pass };
}

/** A budgeted figure in one call: id, group and label; the budget applies to the ratio when there is a baseline. */
export const budgeted = (names: string[], value: number, unit: string, budget: Budget, baseline?: Figure["baseline"]) =>
  judge({ id: names[0] ?? "", group: names[1] ?? "", label: names[2] ?? "", value, unit, budget, baseline });
type Budget = Figure["budget"] & {};
export const atMost = (limit: number): Budget => ({ op: "<=", limit });

// Memory: the Lambda memory setting chosen from the warm runs and each handler's resident set after its first
// request (cold.ts measures it). Lambda gives CPU in proportion to memory (1,769 MB = one vCPU), so a warm
// invocation is modelled as duration(M) ≈ wait + cpu × max(1, 1769 / M).
import { type Figure, judge, type Table } from "./figure";
import type { HandlerRun } from "./warm";

const settingsMb = [128, 256, 512, 1024, 1769] as const;
const oneVcpuMb = 1769;
/** A setting fits when the resident set after the first request takes at most two thirds of it. */
const headroom = 1.5;

export const modelledMs = (run: HandlerRun, mb: number) =>
  Math.max(0, run.wallMs - run.cpuMs) + run.cpuMs * Math.max(1, oneVcpuMb / mb);

// The cheapest setting per handler whose modelled duration is within 10 % of one vCPU's and whose RSS fits; the
// setting for all (handlerDefaults) is the largest of those, so no handler gets more than 10 % slower.
export function chooseMemory(runs: HandlerRun[], rss: Figure[]): { chosenMb: number; figures: Figure[]; table: Table } {
  const rows: Table["rows"] = [];
  const picks: number[] = [];
  for (const run of runs.filter((r) => r.kind !== "workshop" && r.perRide > 0)) {
    const name = run.name.replace(/ \(.*\)$/, "").replace(/^sweep$/, "Sweep");
    const mb = rss.find((f) => f.id === `rss.${name}`)?.value;
    const full = modelledMs(run, oneVcpuMb);
    const pick = settingsMb.find((m) => modelledMs(run, m) <= 1.1 * full && (mb === undefined || mb * headroom <= m));
    picks.push(pick ?? oneVcpuMb);
    const ms = [run.wallMs, run.cpuMs, ...settingsMb.map((m) => modelledMs(run, m))].map((n) => n.toFixed(1));
    rows.push([run.name, mb?.toFixed(0) ?? "n/a", ...ms, pick ?? "none"]);
  }
  const chosenMb = Math.max(...picks);
  const label = "Lambda memory chosen (handlerDefaults)";
  const figures = [judge({ id: "memory.chosen", group: "Memory", label, value: chosenMb, unit: "MB" })];
  const table = {
    title: "Lambda memory: modelled warm duration (ms) per setting",
    header: ["handler", "RSS MB", "wall ms", "CPU ms", ...settingsMb.map((m) => `${m} MB`), "cheapest within 10 %"],
    rows,
    notes: [
      `duration(M) = (wall − CPU) + CPU × max(1, ${oneVcpuMb} / M); a setting fits when RSS × ${headroom} ≤ M.`,
      "Reasoning: docs/decisions/0013-lambda-memory.md.",
    ],
  };
  return { chosenMb, figures, table };
}

/**
 * One chart of the dashboard: its heading, a one-line summary, a legend, the chart (drawn by the library loaded on
 * demand, chart-engine.ts) and the same figures as a table. The table is always there for screen readers and shown on
 * screen with "Show as table". The chart takes the focus: the arrow keys, Home and End move through the buckets and a
 * line under it reads the one under the cursor, as the pointer does.
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import type { ChartHandle, ChartSpec, CreateChart } from "./chart-engine";
import { DataTable, type TableData } from "./DataTable";
import styles from "./ops.module.css";

let engine: Promise<CreateChart> | undefined;

/** The chart library, fetched once; the page asks for it as it mounts, so it loads while the metrics do. */
export function loadChartEngine(): Promise<CreateChart> {
  engine ??= import("./uplot-chart").then((module) => module.createChart);
  // A failed fetch (a network blip) is tried again by the next chart that asks.
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}

function useChartEngine(): CreateChart | null | "failed" {
  const [create, setCreate] = useState<CreateChart | null | "failed">(null);
  useEffect(() => {
    let live = true;
    loadChartEngine().then(
      (found) => live && setCreate(() => found),
      () => live && setCreate("failed"),
    );
    return () => {
      live = false;
    };
  }, []);
  return create;
}

export interface ChartPanelProps {
  title: string;
  /** One sentence: what the chart shows over the whole range. */
  summary: string;
  spec: Omit<ChartSpec, "onIndex" | "height">;
  /** The bucket at `index` in words, for the readout under the chart. */
  describe: (index: number) => string;
  /** What a bucket is called in the key hint: "hour", "day". */
  unit: string;
  table: TableData;
  /** Said instead of the chart when it would be empty (the table stays). */
  emptyNote?: string | null;
  wide?: boolean;
}

export function ChartPanel({ title, summary, spec, describe, unit, table, emptyNote, wide }: ChartPanelProps) {
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  const [index, setIndex] = useState<number | null>(null);
  const count = spec.data.x.length;
  const current = index !== null && index < count ? index : null;

  return (
    <section className={`panel ${styles.chartPanel} ${wide ? styles.wide : ""}`} aria-labelledby={`${id}-title`}>
      <div className={styles.panelHead}>
        <h2 id={`${id}-title`} className={styles.panelTitle}>
          {title}
        </h2>
        <button
          type="button"
          className="button button--small button--quiet"
          aria-pressed={showTable}
          onClick={() => setShowTable((shown) => !shown)}
        >
          Show as table
        </button>
      </div>
      <p className={styles.summary}>{summary}</p>
      {emptyNote ? (
        <p className={styles.emptyNote}>{emptyNote}</p>
      ) : (
        <>
          <Legend series={spec.data.series} />
          <Plot
            spec={spec}
            label={`${title}, chart`}
            hintId={`${id}-hint`}
            index={current}
            onIndex={setIndex}
            count={count}
          />
          <p id={`${id}-hint`} className={styles.hint}>
            Point at the chart, or focus it and use the arrow keys, to read each {unit}.
          </p>
          <p className={styles.readout} aria-live="polite">
            {current === null ? "\u00a0" : describe(current)}
          </p>
        </>
      )}
      <DataTable table={table} shown={showTable} />
    </section>
  );
}

function Legend({ series }: { series: ChartSpec["data"]["series"] }) {
  if (series.length < 2) return null;
  return (
    <ul className={styles.legend} aria-label="Key">
      {series.map((s) => (
        <li key={s.label}>
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
            <rect width="14" height="14" rx="3" fill={s.colour} />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

interface PlotProps {
  spec: ChartPanelProps["spec"];
  label: string;
  hintId: string;
  index: number | null;
  onIndex: (index: number | null) => void;
  count: number;
}

function Plot({ spec, label, hintId, index, onIndex, count }: PlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartHandle | null>(null);
  const create = useChartEngine();
  // The box's size is the stylesheet's (shorter on phones); the chart fills it.
  const [{ width, height }, setSize] = useState({ width: 0, height: 0 });
  const keyboard = useRef(false);

  // The observer's first report gives the size once laid out: reading it here would force a layout mid-commit.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () =>
      setSize((was) => {
        const [w, h] = [Math.floor(el.clientWidth), Math.floor(el.clientHeight)];
        return was.width === w && was.height === h ? was : { width: w, height: h };
      });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const latest = useRef({ spec, onIndex, width });
  latest.current = { spec, onIndex, width };
  const ready = typeof create === "function" && width > 0 && height > 0;
  const { data } = spec;
  // Made again for new data or a new height; a new width only resizes it (below).
  useEffect(() => {
    const el = box.current;
    if (!ready || !el || typeof create !== "function") return;
    const made = { ...latest.current.spec, data, height, onIndex: (i: number | null) => latest.current.onIndex(i) };
    const handle = create(el, made, latest.current.width);
    chart.current = handle;
    return () => {
      handle.destroy();
      chart.current = null;
    };
  }, [ready, create, data, height]);
  useEffect(() => {
    if (width > 0) chart.current?.setWidth(width);
  }, [width]);

  function move(next: number | null) {
    keyboard.current = true;
    onIndex(next);
    chart.current?.showIndex(next);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (count === 0) return;
    const at = index ?? count - 1;
    const step = Math.max(1, Math.round(count / 10));
    const next: Record<string, number> = {
      ArrowLeft: Math.max(0, at - 1),
      ArrowRight: Math.min(count - 1, at + 1),
      ArrowDown: Math.max(0, at - 1),
      ArrowUp: Math.min(count - 1, at + 1),
      PageDown: Math.max(0, at - step),
      PageUp: Math.min(count - 1, at + step),
      Home: 0,
      End: count - 1,
    };
    if (event.key === "Escape") move(null);
    else if (event.key in next) move(next[event.key] as number);
    else return;
    event.preventDefault();
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a chart is no form's fieldset; the group names what the keys move through
    <div
      ref={box}
      className={styles.plot}
      role="group"
      aria-label={label}
      aria-describedby={hintId}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart answers the arrow keys, so it takes the focus
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => {
        // The newest bucket first: what an operator most often wants.
        if (index === null) move(count > 0 ? count - 1 : null);
      }}
      onBlur={() => {
        if (keyboard.current) move(null);
        keyboard.current = false;
      }}
    >
      {create === "failed" ? (
        <p className={styles.plotNote}>The chart couldn't load. Its figures are in the table.</p>
      ) : ready ? null : (
        <p className={styles.plotNote}>Drawing the chart…</p>
      )}
    </div>
  );
}

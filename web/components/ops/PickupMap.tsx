/**
 * Where rides started: the ride map's first view (the offline Seattle drawn on a 2D canvas, lib/map/preview.ts, with
 * its place names) fitted to the range's pickup cells, each a circle sized and coloured by its rides. No MapLibre and
 * no WebGL: it is a picture, named for assistive tech by one sentence, and its figures are the table below it.
 */
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { type Camera, fitCamera, project, type Size } from "../../lib/map/camera";
import { drawPreview } from "../../lib/map/preview";
import { usePlaceNames } from "../../lib/map/use-place-names";
import { centralSeattle } from "../../lib/map/view";
import { formatCount } from "../../lib/ops/format";
import { heatCells, heatPalette, type PickupCell, pickupBounds } from "../../lib/ops/metrics";
import { nameOf } from "../../lib/places";
import { DataTable, type TableData } from "./DataTable";
import styles from "./ops.module.css";

/** Pixels kept clear around the cells: the biggest circle's radius and a little more. */
const PADDING = 32;
/** Closer than this one cell would fill the map. */
const MAX_ZOOM = 14.5;

const rides = (n: number) => `${formatCount(n)} ${n === 1 ? "ride" : "rides"}`;
const placeOf = (cell: PickupCell) => {
  const { name, coordinates } = nameOf({ latitude: cell.latitude, longitude: cell.longitude });
  return name ?? coordinates;
};

export function PickupMap({ pickups }: { pickups: PickupCell[] }) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const layer = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size | null>(null);
  const [showTable, setShowTable] = useState(false);

  // The observer's first report gives the size once laid out: reading it here would force a layout mid-commit.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() =>
      setSize((was) =>
        was?.width === el.clientWidth && was.height === el.clientHeight
          ? was
          : { width: el.clientWidth, height: el.clientHeight },
      ),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const cells = useMemo(() => heatCells(pickups), [pickups]);
  const camera: Camera | null = useMemo(
    () => (size ? fitCamera(pickupBounds(cells) ?? centralSeattle, size, PADDING, MAX_ZOOM) : null),
    [cells, size],
  );

  useEffect(() => {
    const el = canvas.current;
    if (!el || !size || !camera) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(size.width * ratio);
    el.height = Math.round(size.height * ratio);
    drawPreview(el, camera, size, null, ratio);
  }, [size, camera]);

  // The ride map's names, for bearings: those that fit without overlapping, under the circles, a few per idle slice.
  usePlaceNames(layer, size, camera);

  const busiest = cells.at(-1);
  const description = busiest
    ? `Pickups on a map of Seattle: ${formatCount(cells.length)} ${cells.length === 1 ? "area" : "areas"}, the busiest ${placeOf(busiest)} with ${rides(busiest.rides)}. Bigger, darker circles had more pickups; the table lists them all.`
    : "No pickups in this range.";

  const table: TableData = {
    caption: "Pickups by area, busiest first",
    columns: ["Area", "Cell", "Rides"],
    rows: [...cells].reverse().map((cell) => ({
      key: cell.cell,
      header: placeOf(cell),
      cells: [cell.cell, formatCount(cell.rides)],
    })),
  };

  return (
    <section className={`panel ${styles.wide}`} aria-labelledby={`${id}-title`}>
      <div className={styles.panelHead}>
        <h2 id={`${id}-title`} className={styles.panelTitle}>
          Pickups
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
      <p className={styles.summary}>Where riders were picked up in this range.</p>
      <div ref={box} className={styles.heatMap} role="img" aria-label={description}>
        <canvas ref={canvas} className={styles.heatCanvas} />
        <div ref={layer} className="map-preview__layer" aria-hidden="true" />
        {size && camera ? (
          <svg
            className={styles.heatCells}
            width={size.width}
            height={size.height}
            viewBox={`0 0 ${size.width} ${size.height}`}
            aria-hidden="true"
            focusable="false"
          >
            {cells.map((cell) => {
              const { x, y } = project(camera, size, cell);
              return (
                <circle
                  key={cell.cell}
                  cx={x}
                  cy={y}
                  r={cell.radius}
                  fill={cell.colour}
                  fillOpacity={0.85}
                  stroke="#1f1a2e"
                  strokeOpacity={0.7}
                  strokeWidth={1}
                >
                  <title>{`${placeOf(cell)}: ${rides(cell.rides)}`}</title>
                </circle>
              );
            })}
          </svg>
        ) : null}
      </div>
      <HeatKey max={busiest?.rides ?? 0} />
      <DataTable table={table} shown={showTable} />
    </section>
  );
}

/** Fewer to more: the palette's circles, growing, between the range's least and most. */
function HeatKey({ max }: { max: number }) {
  if (max <= 0) return null;
  return (
    <div className={styles.heatKey} aria-hidden="true">
      <span>Fewer pickups</span>
      <svg width="120" height="28" viewBox="0 0 120 28" aria-hidden="true" focusable="false">
        {heatPalette.map((colour, i) => {
          const r = 4 + i * 2.2;
          return (
            <circle
              key={colour}
              cx={10 + i * 24}
              cy={14}
              r={r}
              fill={colour}
              stroke="#1f1a2e"
              strokeOpacity={0.7}
              strokeWidth={1}
            />
          );
        })}
      </svg>
      <span>More (up to {rides(max)})</span>
    </div>
  );
}

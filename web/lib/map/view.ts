/**
 * What the map should show, as pure functions of what the ride page passes: the stage of the trip, the points worth
 * keeping in view at that stage, and which place labels fit without overlapping.
 */
import { ServiceArea } from "@wildrydes/core/rules/fares";
import { Geo, type Location } from "@wildrydes/core/rules/geo";
import type { Bounds } from "./camera";
import type { MapUnicorn, RideMapProps } from "./types";

export type Stage = "planning" | "en route" | "on board" | "ended";

/** How many free unicorns the planning view keeps in sight, and how far from the pickup they may be. */
const NEAREST_FREE = 3;
const NEAR_PICKUP_METRES = 3_000;
/** Points further apart than this cannot share a useful view (a pickup typed in Sydney): the stray ones win. */
const ONE_VIEW_METRES = 100_000;
/** Within this of the pickup→destination line, the assigned unicorn is carrying the rider (or waiting to). */
const ON_THE_LINE_METRES = 30;

/** Metres from `p` to the segment a→b, and where along it (0 at a, 1 at b), on a local flat projection. */
function toSegment(p: Location, a: Location, b: Location): { metres: number; along: number } {
  const cos = Math.cos((a.latitude * Math.PI) / 180);
  const xy = (l: Location) => [(l.longitude - a.longitude) * cos * 111_320, (l.latitude - a.latitude) * 111_320];
  const [bx = 0, by = 0] = xy(b);
  const [px = 0, py = 0] = xy(p);
  const lengthSquared = bx * bx + by * by;
  const along = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / lengthSquared));
  return { metres: Math.hypot(px - along * bx, py - along * by), along };
}

/**
 * The trip's stage. The page passes `choosing` only while planning and the unicorn only while a ride is active;
 * once the unicorn stands on the line from pickup to destination it has the rider (or is waiting at the pickup).
 */
export function stageOf(props: Pick<RideMapProps, "pickup" | "dropoff" | "unicorn" | "choosing">): Stage {
  if (props.choosing) return "planning";
  const { pickup, dropoff, unicorn } = props;
  if (!unicorn) return pickup && dropoff ? "ended" : "planning";
  if (!pickup) return "en route";
  const onTheLine = dropoff ? toSegment(unicorn.at, pickup, dropoff).metres : Geo.distanceMetres(unicorn.at, pickup);
  return onTheLine <= ON_THE_LINE_METRES ? "on board" : "en route";
}

/** The free unicorns nearest the pickup (a few, and only near ones: a pickup in Sydney shows none). */
export function nearestFree(fleet: readonly MapUnicorn[], pickup: Location, count = NEAREST_FREE): MapUnicorn[] {
  return fleet
    .map((unicorn) => ({ unicorn, metres: Geo.distanceMetres(unicorn.at, pickup) }))
    .filter((u) => u.metres <= NEAR_PICKUP_METRES)
    .sort((a, b) => a.metres - b.metres)
    .slice(0, count)
    .map((u) => u.unicorn);
}

export interface ViewTarget {
  stage: Stage;
  /** The points to keep in view; empty means leave the view where the rider put it. */
  points: Location[];
  /** Changes when the view should be fitted again: the stage, a point, or which unicorns matter — not a unicorn's move. */
  key: string;
}

export function viewTarget(props: Pick<RideMapProps, "pickup" | "dropoff" | "unicorn" | "fleet" | "choosing">) {
  const stage = stageOf(props);
  const { pickup = null, dropoff = null, unicorn = null, fleet = [] } = props;
  const near = stage === "planning" && pickup ? nearestFree(fleet, pickup) : [];
  const points: Array<Location | null> =
    stage === "planning"
      ? [pickup, dropoff, ...near.map((u) => u.at)]
      : stage === "en route"
        ? [unicorn?.at ?? null, pickup]
        : stage === "on board"
          ? [unicorn?.at ?? null, dropoff ?? pickup]
          : [pickup, dropoff];
  const at = (l: Location | null) => (l ? `${l.latitude},${l.longitude}` : "-");
  let shown = points.filter((p): p is Location => p !== null);
  const [first] = shown;
  if (first && shown.some((p) => Geo.distanceMetres(p, first) > ONE_VIEW_METRES)) {
    shown = shown.filter((p) => !ServiceArea.contains(p));
  }
  const key = [stage, at(pickup), at(dropoff), ...near.map((u) => u.name), unicorn?.name ?? ""].join("|");
  return { stage, points: shown, key } satisfies ViewTarget;
}

/** [[west, south], [east, north]] around the points, as MapLibre's fitBounds takes them. */
export function boundsOf(points: readonly Location[]): Bounds | null {
  if (points.length === 0) return null;
  const lats = points.map((p) => p.latitude);
  const lngs = points.map((p) => p.longitude);
  return [
    [Math.min(...lngs), Math.min(...lats)],
    [Math.max(...lngs), Math.max(...lats)],
  ];
}

/** Pixels kept free around central Seattle in the first view, by both maps. */
export const firstViewPadding = 16;

/** The first view: downtown from Pioneer Square to the Space Needle, [[west, south], [east, north]]. */
export const centralSeattle: Bounds = [
  [-122.356, 47.598],
  [-122.326, 47.623],
];

/** Whether the map has drifted out of Seattle: it then offers "Back to Seattle". */
export function awayFromSeattle(centre: Location): boolean {
  return !ServiceArea.contains(centre);
}

export interface LabelBox {
  /** Screen position of the label's centre, in px from the map's top left. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Below this zoom the label is not shown at all (place names need a closer view than neighbourhoods). */
  minZoom: number;
}

/**
 * Which labels to show: in priority order, each one inside the map and not overlapping one already shown. Greedy,
 * like a map's own label placement, for a few dozen labels.
 */
export function visibleLabels(labels: readonly LabelBox[], size: { width: number; height: number }, zoom: number) {
  const shown: LabelBox[] = [];
  const gap = 2;
  return labels.map((label) => {
    const box = { left: label.x - label.width / 2, top: label.y - label.height / 2 };
    const inside =
      box.left >= 0 && box.top >= 0 && box.left + label.width <= size.width && box.top + label.height <= size.height;
    if (zoom < label.minZoom || !inside) return false;
    const overlaps = shown.some(
      (other) =>
        Math.abs(other.x - label.x) * 2 < other.width + label.width + gap &&
        Math.abs(other.y - label.y) * 2 < other.height + label.height + gap,
    );
    if (overlaps) return false;
    shown.push(label);
    return true;
  });
}

/**
 * The offline map's names: neighbourhoods and known places (lib/places.ts) as DOM labels, since the offline style
 * has no glyphs to draw text with. After each move only those that fit without overlapping are shown.
 */
import type * as maplibregl from "maplibre-gl";
import { neighbourhoods, places } from "../places";
import { labelElement, unlabelled } from "./markers";
import { type LabelBox, visibleLabels } from "./view";

/** Place labels put their dot on the point; this is the dot's radius in px (map.css draws it). */
export const DOT_RADIUS = 4;

export type LabelKind = "map-place" | "map-area";

/**
 * Every name the offline map shows, neighbourhoods first (they win a collision), with its element and where it is
 * pinned: a place by its dot (left edge, shifted by the dot's radius), a neighbourhood by its centre.
 */
export function labelSpecs() {
  return [
    ...neighbourhoods.map((p) => ({ p, kind: "map-area" as const })),
    ...places.map((p) => ({ p, kind: "map-place" as const })),
  ].map(({ p, kind }) => ({
    at: p.at,
    kind,
    el: labelElement(kind, p.name),
    anchor: kind === "map-place" ? ("left" as const) : ("center" as const),
    offsetX: kind === "map-place" ? -DOT_RADIUS : 0,
  }));
}

/** The label's box on screen, its anchor projected to (x, y): a place's dot sits on the point, a name is centred. */
export function labelBox(kind: LabelKind, x: number, y: number, width: number, height: number): LabelBox {
  // MapLibre zoom (512 px tiles): at 11.5 central Seattle fills a phone-sized map.
  const minZoom = kind === "map-place" ? 11.5 : 10;
  return { x: kind === "map-place" ? x - DOT_RADIUS + width / 2 : x, y, width, height, minZoom };
}

interface Label {
  marker: maplibregl.Marker;
  el: HTMLElement;
  kind: LabelKind;
  width: number;
  height: number;
  shown: boolean;
}

/** Adds the labels to the map (MapLibre's Marker passed in: this module stays free of the library's code). */
export function addLabels(Marker: typeof maplibregl.Marker, map: maplibregl.Map): () => void {
  const labels: Label[] = labelSpecs().map(({ at, kind, el, anchor, offsetX }) => {
    const marker = new Marker({ element: el, anchor, offset: [offsetX, 0] }).setLngLat([at.longitude, at.latitude]);
    marker.addTo(map);
    unlabelled(el);
    return { marker, el, kind, width: 0, height: 0, shown: true };
  });
  // One layout read for all of them, after they are in the page.
  for (const label of labels) {
    label.width = label.el.offsetWidth;
    label.height = label.el.offsetHeight;
  }

  function layout() {
    const canvas = map.getCanvas();
    const size = { width: canvas.clientWidth, height: canvas.clientHeight };
    const boxes = labels.map((label) => {
      const at = map.project(label.marker.getLngLat());
      return labelBox(label.kind, at.x, at.y, label.width, label.height);
    });
    visibleLabels(boxes, size, map.getZoom()).forEach((visible, i) => {
      const label = labels[i];
      if (!label || label.shown === visible) return;
      label.shown = visible;
      label.el.classList.toggle("map-label--hidden", !visible);
    });
  }

  layout();
  map.on("moveend", layout);
  map.on("resize", layout);
  return () => {
    map.off("moveend", layout);
    map.off("resize", layout);
    for (const label of labels) label.marker.remove();
  };
}

/**
 * The offline map's names over a 2D view (the ride map's first view, the pickup map of /ops/): made and measured a few
 * per idle slice, since all of them at once is one long task on a slow phone, then placed after each move, only those
 * that fit without overlapping. The view answers taps and draws its picture before its names are laid out.
 */
import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";
import { whenIdle } from "../idle";
import { type Camera, project, type Size } from "./camera";
import { labelBox, labelSpecs } from "./labels";
import { visibleLabels } from "./view";

/** Names made and measured per idle slice: each slice's layout stays short. */
const LABELS_PER_SLICE = 8;

type Measured = ReturnType<typeof labelSpecs>[number] & { width: number; height: number };

export function usePlaceNames(layer: RefObject<HTMLElement | null>, size: Size | null, camera: Camera | null) {
  const labels = useRef<Measured[] | null>(null);
  const [named, setNamed] = useState(false);
  useEffect(() => {
    const into = layer.current;
    if (!into) return;
    const specs = labelSpecs();
    const made: Measured[] = [];
    let cancel = () => {};
    const slice = () => {
      const batch = specs.slice(made.length, made.length + LABELS_PER_SLICE);
      // Hidden until placed; hidden text is still laid out, so it can be measured.
      for (const spec of batch) spec.el.classList.add("map-label--hidden");
      into.append(...batch.map((spec) => spec.el));
      made.push(...batch.map((spec) => ({ ...spec, width: spec.el.offsetWidth, height: spec.el.offsetHeight })));
      if (made.length < specs.length) {
        cancel = whenIdle(slice);
        return;
      }
      labels.current = made;
      setNamed(true);
    };
    cancel = whenIdle(slice);
    return () => {
      cancel();
      labels.current = null;
      for (const spec of specs) spec.el.remove();
    };
  }, [layer]);
  useLayoutEffect(() => {
    if (!labels.current || !size || !camera || !named) return;
    const boxes = labels.current.map((label) => {
      const { x, y } = project(camera, size, label.at);
      // Pinned by the dot (a place, its left edge) or the middle (a neighbourhood); CSSOM, as the CSP allows.
      const shift = label.anchor === "left" ? "0" : "-50%";
      label.el.style.transform = `translate(${x + label.offsetX}px, ${y}px) translate(${shift}, -50%)`;
      return labelBox(label.kind, x, y, label.width, label.height);
    });
    visibleLabels(boxes, size, camera.zoom).forEach((visible, i) => {
      labels.current?.[i]?.el.classList.toggle("map-label--hidden", !visible);
    });
  }, [size, camera, named]);
}

/**
 * The ride map's first view: the offline style drawn on a 2D canvas, with the same markers and names the live map
 * shows. It answers a tap, Enter and the arrows itself and asks for the live map (onWake) on the first touch, focus
 * or key, or when the trip needs a view it does not show. Nothing here loads MapLibre.
 */
import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { Location } from "../lib/api-client";
import {
  type Camera,
  fitCamera,
  panBy,
  project,
  type Size,
  showsAll,
  toSixDecimals,
  unproject,
  zoomBy,
} from "../lib/map/camera";
import { pointElement, unicornElement } from "../lib/map/markers";
import { drawPreview } from "../lib/map/preview";
import type { MapUnicorn, RideMapProps } from "../lib/map/types";
import { usePlaceNames } from "../lib/map/use-place-names";
import { centralSeattle, firstViewPadding, viewTarget } from "../lib/map/view";

/** What MapLibre's keyboard handler pans per arrow press, so both maps answer the keys alike. */
const PAN_STEP = 100;
/** A press that moves less than this is a tap, not a drag. */
const TAP_SLOP = 5;

type Anchor = "bottom" | "center";
const anchors: Record<Anchor, string> = {
  bottom: "translate(-50%, -100%)",
  center: "translate(-50%, -50%)",
};

/** Puts an overlay element's anchor at (x, y) px (CSSOM, which the CSP's style-src 'self' allows). */
function put(el: HTMLElement, x: number, y: number, anchor: Anchor) {
  el.style.transform = `translate(${x}px, ${y}px) ${anchors[anchor]}`;
}

interface Props extends RideMapProps {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  onCamera: (camera: Camera) => void;
  onWake: () => void;
}

export function MapPreview(props: Props) {
  const { canvasRef, pickup, dropoff = null, unicorn = null, fleet = [], choosing = null, onPlace, onWake } = props;
  const overlay = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size | null>(null);
  const [camera, setCamera] = useState<Camera | null>(null);
  const press = useRef<{ x: number; y: number; camera: Camera; dragged: boolean } | null>(null);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Only a real change re-renders: the observer also reports the size it starts with.
    const measure = () =>
      setSize((was) =>
        was?.width === canvas.clientWidth && was.height === canvas.clientHeight
          ? was
          : { width: canvas.clientWidth, height: canvas.clientHeight },
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [canvasRef]);

  // The first view is MapLibre's: central Seattle fitted with 16 px to spare, again as the layout settles, until the
  // rider moves the map (then, like MapLibre, a resize keeps the centre).
  const moved = useRef(false);
  useEffect(() => {
    if (size && !moved.current) setCamera(fitCamera(centralSeattle, size, firstViewPadding));
  }, [size]);
  const move = (next: Camera) => {
    moved.current = true;
    setCamera(next);
  };

  const onCamera = useRef(props.onCamera);
  onCamera.current = props.onCamera;
  // Only the rider's moves are news to the page (its fleet follows the centre); fitting the first view is not.
  useEffect(() => {
    if (camera && moved.current) onCamera.current(camera);
  }, [camera]);

  // Latest props for the drawing effects, which run when one of the keys below changes.
  const shown = useRef({ pickup, dropoff, unicorn, fleet });
  shown.current = { pickup, dropoff, unicorn, fleet };
  const at = (l: Location | null) => (l ? `${l.latitude},${l.longitude}` : "-");
  const route = `${at(pickup)}|${at(dropoff)}`;
  useEffect(() => {
    const canvas = canvasRef.current;
    // `route` is the trigger; the points themselves are read from the latest props.
    if (!canvas || !size || !camera || !route) return;
    const { pickup: from, dropoff: to } = shown.current;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.width * ratio);
    canvas.height = Math.round(size.height * ratio);
    drawPreview(canvas, camera, size, from && to ? [from, to] : null, ratio);
  }, [canvasRef, size, camera, route]);

  // The names: a few per idle slice, then placed after each move (lib/map/use-place-names.ts).
  usePlaceNames(overlay, size, camera);

  // The trip's points and the unicorns: a handful, so they are simply made again when something changes.
  const markers = useRef<HTMLDivElement>(null);
  const key = (u: MapUnicorn | null) => (u ? `${u.name}|${u.color}|${at(u.at)}` : "");
  const shownKey = [route, key(unicorn), ...fleet.map(key)].join(";");
  useLayoutEffect(() => {
    const layer = markers.current;
    if (!layer || !size || !camera || shownKey === undefined) return;
    const { pickup: from, dropoff: to, unicorn: mine, fleet: free } = shown.current;
    const items: Array<[HTMLElement, Location | null, Anchor]> = [
      ...free
        .filter((u) => u.name !== mine?.name)
        .map((u): [HTMLElement, Location, Anchor] => [unicornElement(u, "free"), u.at, "center"]),
      [pointElement("pickup"), from, "bottom"],
      [pointElement("destination"), to, "bottom"],
    ];
    if (mine) items.push([unicornElement(mine, "assigned"), mine.at, "center"]);
    layer.replaceChildren();
    for (const [el, at, anchor] of items) {
      if (!at) continue;
      const { x, y } = project(camera, size, at);
      put(el, x, y, anchor);
      layer.append(el);
    }
  }, [size, camera, shownKey]);

  // A view this map would have to move to show (a ride under way, a point or a near unicorn off screen) is the live
  // map's job, with its fits.
  const target = viewTarget({ pickup, dropoff, unicorn, fleet, choosing });
  const needsLive = target.stage !== "planning" || (size && camera ? !showsAll(camera, size, target.points) : false);
  useEffect(() => {
    if (needsLive) onWake();
  }, [needsLive, onWake]);

  function placeAt(x: number, y: number) {
    if (!choosing || !size || !camera) return;
    onPlace(toSixDecimals(unproject(camera, size, x, y)));
  }

  function onKeyDown(event: React.KeyboardEvent) {
    if (!size || !camera) return;
    const pans: Record<string, [number, number]> = {
      ArrowUp: [0, -PAN_STEP],
      ArrowDown: [0, PAN_STEP],
      ArrowLeft: [-PAN_STEP, 0],
      ArrowRight: [PAN_STEP, 0],
    };
    const pan = pans[event.key];
    if (pan) move(panBy(camera, size, pan[0], pan[1]));
    else if (event.key === "+" || event.key === "=") move(zoomBy(camera, 1));
    else if (event.key === "-") move(zoomBy(camera, -1));
    else if (event.key === "Enter") placeAt(size.width / 2, size.height / 2);
    else return;
    event.preventDefault();
  }

  return (
    <section className="map__canvas map-preview" aria-label="Ride map" aria-describedby={props.describedBy}>
      {/* biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: MapLibre's canvas is a focusable region named "Map"; the hand-over keeps it so */}
      {/* biome-ignore lint/a11y/useSemanticElements: a canvas cannot be a section, and MapLibre's canvas has this role */}
      <canvas
        ref={canvasRef}
        className="map-preview__canvas"
        role="region"
        aria-label="Map"
        aria-describedby={props.describedBy}
        tabIndex={0}
        onFocus={onWake}
        onKeyDown={onKeyDown}
        onWheel={onWake}
        onPointerDown={(event) => {
          onWake();
          if (!camera) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          press.current = { x: event.clientX, y: event.clientY, camera, dragged: false };
        }}
        onPointerMove={(event) => {
          const start = press.current;
          if (!start || !size) return;
          const [dx, dy] = [event.clientX - start.x, event.clientY - start.y];
          if (!start.dragged && Math.hypot(dx, dy) < TAP_SLOP) return;
          start.dragged = true;
          move(panBy(start.camera, size, -dx, -dy));
        }}
        onPointerUp={(event) => {
          const start = press.current;
          press.current = null;
          if (!start || start.dragged) return;
          const box = event.currentTarget.getBoundingClientRect();
          placeAt(event.clientX - box.left, event.clientY - box.top);
        }}
        onPointerCancel={() => {
          press.current = null;
        }}
      />
      <div ref={overlay} className="map-preview__layer" aria-hidden="true" />
      <div ref={markers} className="map-preview__layer" />
    </section>
  );
}

/**
 * The live ride map: MapLibre GL, loaded by RideMap when the first view is not enough (a touch, a key, a ride under
 * way, the cloud's street map). Amazon Location's street style in the cloud; the built-in Seattle style locally or
 * when the cloud style cannot load. The CSP build runs its worker from the site's own origin (worker-src 'self').
 */
import "maplibre-gl/dist/maplibre-gl.css";
import { ServiceArea } from "@wildrydes/core/rules/fares";
import { Geo } from "@wildrydes/core/rules/geo";
import type { FeatureCollection, LineString } from "geojson";
import maplibregl from "maplibre-gl/dist/maplibre-gl-csp.js";
import { type RefObject, useEffect, useRef, useState } from "react";
import { amazonLocation } from "../lib/amazon-location";
import type { Location } from "../lib/api-client";
import { type Camera, toSixDecimals, zoomRange } from "../lib/map/camera";
import { addLabels } from "../lib/map/labels";
import { pointElement, unicornElement, unlabelled, updateUnicornElement } from "../lib/map/markers";
import { offlineColours, offlineStyle } from "../lib/map/offline-style";
import type { MapUnicorn, RideMapProps } from "../lib/map/types";
import { awayFromSeattle, boundsOf, centralSeattle, firstViewPadding, viewTarget } from "../lib/map/view";

const downtown = ServiceArea.centre;
const PADDING = 56;

function toLocation(lngLat: maplibregl.LngLat): Location {
  const wrapped = lngLat.wrap();
  return toSixDecimals({ latitude: wrapped.lat, longitude: wrapped.lng });
}

const lngLat = (at: Location): [number, number] => [at.longitude, at.latitude];

/** The trip's line from pickup to destination, added again whenever a style (cloud or offline) loads. */
function addRoute(map: maplibregl.Map) {
  if (map.getSource("route")) return;
  map.addSource("route", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  map.addLayer({
    id: "route",
    type: "line",
    source: "route",
    layout: { "line-cap": "round" },
    paint: { "line-color": offlineColours.route, "line-width": 3, "line-dasharray": [2, 2] },
  });
}

function routeData(from: Location | null, to: Location | null): FeatureCollection {
  if (!from || !to) return { type: "FeatureCollection", features: [] };
  const geometry: LineString = { type: "LineString", coordinates: [lngLat(from), lngLat(to)] };
  return { type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry }] };
}

/** Puts a marker at `at`, creating it on first use, or removes it when there is no point. */
function placeMarker(
  map: maplibregl.Map,
  markers: Map<string, maplibregl.Marker>,
  key: string,
  at: Location | null,
  create: () => HTMLElement,
  anchor: "bottom" | "center" = "bottom",
) {
  const marker = markers.get(key);
  if (!at) {
    marker?.remove();
    markers.delete(key);
    return;
  }
  if (marker) {
    marker.setLngLat(lngLat(at));
    return;
  }
  const el = create();
  const labelled = el.hasAttribute("aria-label");
  const added = new maplibregl.Marker({ element: el, anchor }).setLngLat(lngLat(at)).addTo(map);
  if (!labelled) unlabelled(el);
  markers.set(key, added);
}

export interface LiveMapProps extends RideMapProps {
  /** The first view's camera: the live map starts there and takes it up again when it is ready. */
  camera: RefObject<Camera | null>;
  /** Drawn but not shown until ready, under the first view. */
  hidden: boolean;
  onReady: (canvas: HTMLCanvasElement) => void;
}

export default function LiveMap(props: LiveMapProps) {
  const { pickup, dropoff = null, unicorn = null, fleet = [], choosing = null, onPlace, onCentreChange } = props;
  const { describedBy } = props;
  const containerRef = useRef<HTMLElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const markers = useRef(new Map<string, maplibregl.Marker>());
  const fitted = useRef("");
  const planFitted = useRef("");
  // Bumped when a style has loaded: the route layer and the markers' effects run again on the new style.
  const [styleLoads, setStyleLoads] = useState(0);
  const [offline, setOffline] = useState(amazonLocation.styleUrl === null);
  const [away, setAway] = useState(false);
  // Latest callbacks, so the map is built once and never re-created on a re-render.
  const handlers = useRef({ onPlace, onCentreChange, choosing, onReady: props.onReady });
  handlers.current = { onPlace, onCentreChange, choosing, onReady: props.onReady };
  const startAt = props.camera;
  // Set once this map has fitted a view of its own (a ride's stage): the first view's camera no longer applies.
  const fittedHere = useRef(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    maplibregl.setWorkerUrl(`/maplibre-gl-csp-worker-${maplibregl.getVersion()}.js`);
    const cloud = amazonLocation.styleUrl;
    const first = startAt.current;
    const map = new maplibregl.Map({
      container,
      style: cloud ?? offlineStyle(),
      ...(first ? { center: lngLat(first.center), zoom: first.zoom } : { bounds: centralSeattle }),
      fitBoundsOptions: { padding: firstViewPadding },
      minZoom: zoomRange.min,
      maxZoom: zoomRange.max,
      cooperativeGestures: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      attributionControl: { compact: true },
      // Every frame costs the main thread (and a phone's battery): no fades, and the camera jumps (below).
      fadeDuration: 0,
    });
    map.touchZoomRotate.disableRotation();
    map.keyboard.disableRotation();
    let loaded = false;
    map.on("load", () => {
      loaded = true;
      // Where the first view is now (the rider may have panned it while this loaded), then take over from it.
      const now = startAt.current;
      if (now && !fittedHere.current) map.jumpTo({ center: lngLat(now.center), zoom: now.zoom });
      // Shown once it has drawn that view (idle: nothing left to draw), so the hand-over never shows a blank map.
      map.once("idle", () => handlers.current.onReady(map.getCanvas()));
    });
    // A cloud style that fails before it first loads (network, key, quota) gives way to the built-in one; later
    // errors (a tile) are left to the map. Handling the event also keeps MapLibre from logging it to the console.
    let fellBack = false;
    map.on("error", () => {
      if (loaded || !cloud || fellBack) return;
      fellBack = true;
      map.setStyle(offlineStyle());
      setOffline(true);
    });
    map.on("style.load", () => {
      addRoute(map);
      setStyleLoads((n) => n + 1);
    });
    map.on("click", (event) => {
      if (handlers.current.choosing) handlers.current.onPlace(toLocation(event.lngLat));
    });
    map.on("moveend", () => {
      const centre = toLocation(map.getCenter());
      handlers.current.onCentreChange(centre);
      setAway(awayFromSeattle(centre));
    });
    const canvas = map.getCanvas();
    // Keyboard riders pan with the arrows (MapLibre's handler), then Enter sets the point at the centre cross.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Enter" || !handlers.current.choosing) return;
      event.preventDefault();
      handlers.current.onPlace(toLocation(map.getCenter()));
    };
    canvas.addEventListener("keydown", onKey);
    mapRef.current = map;
    return () => {
      canvas.removeEventListener("keydown", onKey);
      markers.current.clear();
      fitted.current = "";
      map.remove();
      mapRef.current = null;
    };
  }, [startAt]);

  // The canvas takes the focus, so it carries the help text too. Set here, so a change never rebuilds the map.
  useEffect(() => {
    const canvas = mapRef.current?.getCanvas();
    if (describedBy) canvas?.setAttribute("aria-describedby", describedBy);
    else canvas?.removeAttribute("aria-describedby");
  }, [describedBy]);

  // The offline style's names (DOM labels), there before the live map shows, as they were in the first view.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !offline) return;
    return addLabels(maplibregl.Marker, map);
  }, [offline]);

  const [pLat, pLng, dLat, dLng] = [pickup?.latitude, pickup?.longitude, dropoff?.latitude, dropoff?.longitude];
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const from = pLat === undefined || pLng === undefined ? null : { latitude: pLat, longitude: pLng };
    const to = dLat === undefined || dLng === undefined ? null : { latitude: dLat, longitude: dLng };
    placeMarker(map, markers.current, "pickup", from, () => pointElement("pickup"));
    placeMarker(map, markers.current, "destination", to, () => pointElement("destination"));
    // The route layer exists once a style has loaded (and again after a fallback to the offline style).
    const route = styleLoads > 0 ? (map.getSource("route") as maplibregl.GeoJSONSource | undefined) : undefined;
    route?.setData(routeData(from, to));
  }, [pLat, pLng, dLat, dLng, styleLoads]);

  // The unicorns: the free fleet while planning, the assigned one during a ride, each in its own colour. The effect
  // runs when one of them changes (the keys), reading the latest props.
  const unicorns = useRef({ fleet, unicorn });
  unicorns.current = { fleet, unicorn };
  const keyOf = (u: MapUnicorn) => `${u.name}|${u.color}|${u.at.latitude}|${u.at.longitude}`;
  const unicornsKey = [unicorn ? keyOf(unicorn) : "", ...fleet.map(keyOf)].join(";");
  useEffect(() => {
    const map = mapRef.current;
    if (!map || unicornsKey === undefined) return;
    const { fleet: free, unicorn: mine } = unicorns.current;
    const wanted = new Map<string, { u: MapUnicorn; role: "free" | "assigned" }>();
    for (const u of free) if (u.name !== mine?.name) wanted.set(`free:${u.name}`, { u, role: "free" });
    if (mine) wanted.set(`assigned:${mine.name}`, { u: mine, role: "assigned" });
    for (const [key, marker] of markers.current) {
      if (/^(free|assigned):/.test(key) && !wanted.has(key)) {
        marker.remove();
        markers.current.delete(key);
      }
    }
    for (const [key, { u, role }] of wanted) {
      const existing = markers.current.get(key);
      if (existing) updateUnicornElement(existing.getElement(), u, role);
      placeMarker(map, markers.current, key, u.at, () => unicornElement(u, role), "center");
    }
  }, [unicornsKey]);

  // Fit what matters at this stage when the stage or a point changes; a moving unicorn only when it leaves the view.
  const target = viewTarget({ pickup, dropoff, unicorn, fleet, choosing });
  const targetKey = target.key;
  const targetPoints = JSON.stringify(target.points);
  useEffect(() => {
    const map = mapRef.current;
    const points: Location[] = JSON.parse(targetPoints);
    const bounds = boundsOf(points);
    if (!map || !bounds) return;
    const view = map.getBounds();
    const inView = points.every((p) => view.contains(lngLat(p)));
    const changed = fitted.current !== targetKey;
    fitted.current = targetKey;
    // While planning, a tap on the map must not move it: refit only to bring a point (e.g. a typed one) into view.
    if ((!changed || target.stage === "planning") && inView) return;
    // Nor may the fleet's refresh undo where the rider moved the map (Back to Seattle from a far pickup): once shown,
    // free unicorns moving never refit while the points stay put.
    const planned = `${target.stage}|${pLat},${pLng}|${dLat},${dLng}`;
    const fleetOnly = target.stage === "planning" && planFitted.current === planned;
    planFitted.current = planned;
    if (fleetOnly) return;
    // Jumps, not animations: a fit follows what the rider did or the ride's stage, and an eased camera would
    // redraw the map sixty times a second for nothing they need to watch.
    fittedHere.current = true;
    // All the points in one place: nothing to fit, so centre it (a north-south trip has no width, but it has a height).
    if (points.length === 1 || (bounds[0][0] === bounds[1][0] && bounds[0][1] === bounds[1][1])) {
      map.jumpTo({ center: lngLat(points[0] ?? downtown), zoom: Math.max(map.getZoom(), 13) });
      return;
    }
    map.fitBounds(bounds, { padding: PADDING, maxZoom: 15, animate: false });
  }, [targetKey, targetPoints, target.stage, pLat, pLng, dLat, dLng]);

  function backToSeattle() {
    const map = mapRef.current;
    if (!map) return;
    map.getCanvas().focus();
    // From across the world a jump: a flight over half the globe would take seconds and show nothing.
    const far = Geo.distanceMetres(toLocation(map.getCenter()), downtown) > 100_000;
    map.fitBounds(centralSeattle, { padding: firstViewPadding, animate: !far });
  }

  return (
    <>
      <section
        ref={containerRef}
        className={props.hidden ? "map__canvas map__canvas--waking" : "map__canvas"}
        aria-label="Ride map"
        aria-describedby={describedBy}
      />
      {away && !props.hidden ? (
        <button type="button" className="button map__home" onClick={backToSeattle}>
          Back to Seattle
        </button>
      ) : null}
    </>
  );
}

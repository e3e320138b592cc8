/**
 * The pickup map. Loaded only in the browser, after first paint (next/dynamic, ssr: false), because Leaflet
 * needs `window` and costs about 42 KB gzip. Without a tile URL it draws vector overlays only, so it works offline.
 */
import "leaflet/dist/leaflet.css";
import { ServiceArea } from "@wildrydes/core/fares";
import * as L from "leaflet";
import { type RefObject, useEffect, useRef } from "react";
import type { Location } from "../lib/api";
import { whenIdle } from "../lib/idle";

export const seattle: Location = { latitude: 47.61, longitude: -122.33 };

// A few neighbourhoods give riders their bearings when there are no tiles.
const landmarks: Array<[string, number, number]> = [
  ["Downtown", 47.6062, -122.3321],
  ["Capitol Hill", 47.6253, -122.3222],
  ["Queen Anne", 47.6372, -122.3571],
  ["Fremont", 47.6505, -122.3493],
  ["Ballard", 47.6687, -122.3846],
  ["University District", 47.6615, -122.3132],
  ["SoDo", 47.5801, -122.3348],
  ["West Seattle", 47.5667, -122.3868],
];

export interface RideMapProps {
  pickup: Location | null;
  dropoff?: Location | null;
  /** The assigned unicorn, drawn as a third marker that moves with the ride clock. */
  unicorn?: { name: string; at: Location } | null;
  /** Which point a click or Enter sets, in the rider's words; null while a ride is under way (the points are fixed). */
  choosing?: string | null;
  onPlace: (at: Location) => void;
  onCentreChange: (centre: Location) => void;
  tileUrl?: string;
  tileAttribution?: string;
  describedBy?: string;
}

function toLocation(latLng: L.LatLng): Location {
  // Six decimals is about 10 cm: plenty for a pickup, and keeps the request body tidy.
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return { latitude: round(latLng.lat), longitude: round(L.Util.wrapNum(latLng.lng, [-180, 180], true)) };
}

/**
 * Street-less bearings: a grid, the service area and neighbourhood names. One path for the whole grid and fixed-size
 * labels (no tooltips, which measure themselves) keep this to a couple of DOM writes and no forced reflow.
 */
function drawOfflineOverlays(map: L.Map) {
  const lines: L.LatLngTuple[][] = [];
  for (let lat = 47.38; lat <= 47.84; lat += 0.02) {
    lines.push([
      [lat, -122.68],
      [lat, -121.98],
    ]);
  }
  for (let lng = -122.68; lng <= -121.98; lng += 0.02) {
    lines.push([
      [47.38, lng],
      [47.84, lng],
    ]);
  }
  L.polyline(lines, { color: "#c9c3dc", weight: 1, interactive: false }).addTo(map);
  L.circle([ServiceArea.centre.latitude, ServiceArea.centre.longitude], {
    radius: ServiceArea.radiusMetres,
    color: "#4b2a84",
    weight: 2,
    dashArray: "6 6",
    fill: false,
    interactive: false,
  }).addTo(map);
  for (const [name, lat, lng] of landmarks) {
    const icon = L.divIcon({ className: "map-label", html: name, iconSize: [160, 16], iconAnchor: [80, 8] });
    L.marker([lat, lng], { icon, interactive: false, keyboard: false }).addTo(map);
  }
}

type Marker = RefObject<L.CircleMarker | null>;

/** Puts a labelled vector marker at `at` (or removes it): vector circles, not Leaflet's PNG icons, which break under
 * bundlers and a strict CSP. */
function place(map: L.Map, marker: Marker, at: Location | null, label: string, fillColor: string, tooltip: string) {
  if (!at) {
    marker.current?.remove();
    marker.current = null;
    return;
  }
  const point: L.LatLngTuple = [at.latitude, at.longitude];
  if (marker.current && marker.current.getTooltip()?.getContent() !== label) {
    marker.current.remove();
    marker.current = null;
  }
  if (!marker.current) {
    const style = { radius: 9, color: "#ffffff", weight: 3, fillColor, fillOpacity: 1, interactive: false };
    marker.current = L.circleMarker(point, style)
      .bindTooltip(label, { permanent: true, direction: "top", offset: [0, -10], className: tooltip })
      .addTo(map);
  }
  marker.current.setLatLng(point);
}

export default function RideMap({
  pickup,
  dropoff = null,
  unicorn = null,
  choosing = null,
  onPlace,
  onCentreChange,
  tileUrl,
  tileAttribution,
  describedBy,
}: RideMapProps) {
  const containerRef = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const pickupRef = useRef<L.CircleMarker | null>(null);
  const dropoffRef = useRef<L.CircleMarker | null>(null);
  const routeRef = useRef<L.Polyline | null>(null);
  const unicornRef = useRef<L.CircleMarker | null>(null);
  // Latest callbacks, so the map is built once and never re-created on a re-render.
  const handlers = useRef({ onPlace, onCentreChange, choosing });
  handlers.current = { onPlace, onCentreChange, choosing };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, {
      center: [seattle.latitude, seattle.longitude],
      zoom: 13,
      minZoom: 10,
      maxZoom: 18,
      keyboard: true,
    });
    // The map is usable (click, keys) before its backdrop is drawn.
    const cancelBackdrop = whenIdle(() => {
      if (tileUrl) L.tileLayer(tileUrl, { attribution: tileAttribution ?? "", maxZoom: 19 }).addTo(map);
      else drawOfflineOverlays(map);
    });
    map.on("click", (event: L.LeafletMouseEvent) => {
      if (handlers.current.choosing) handlers.current.onPlace(toLocation(event.latlng));
    });
    map.on("moveend", () => handlers.current.onCentreChange(toLocation(map.getCenter())));
    // Keyboard riders pan with the arrows, then Enter sets the point being chosen at the centre cross.
    map.on("keydown", (event: L.LeafletKeyboardEvent) => {
      if (event.originalEvent.key !== "Enter" || !handlers.current.choosing) return;
      event.originalEvent.preventDefault();
      handlers.current.onPlace(toLocation(map.getCenter()));
    });
    mapRef.current = map;
    return () => {
      cancelBackdrop();
      map.remove();
      mapRef.current = null;
      for (const ref of [pickupRef, dropoffRef, unicornRef]) ref.current = null;
      routeRef.current = null;
    };
  }, [tileUrl, tileAttribution]);

  const [pLat, pLng, dLat, dLng] = [pickup?.latitude, pickup?.longitude, dropoff?.latitude, dropoff?.longitude];
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const from = pLat === undefined || pLng === undefined ? null : { latitude: pLat, longitude: pLng };
    const to = dLat === undefined || dLng === undefined ? null : { latitude: dLat, longitude: dLng };
    place(map, pickupRef, from, "Pickup", "#c2185b", "map-point");
    place(map, dropoffRef, to, "Destination", "#1e6b3a", "map-point");
    routeRef.current?.remove();
    routeRef.current =
      from && to
        ? L.polyline(
            [
              [from.latitude, from.longitude],
              [to.latitude, to.longitude],
            ],
            { color: "#4b2a84", weight: 3, dashArray: "8 6", interactive: false },
          ).addTo(map)
        : null;
    // A point typed in as coordinates may be off screen: bring the trip into view.
    const points = [from, to].filter((p): p is Location => p !== null).map((p) => L.latLng(p.latitude, p.longitude));
    if (points.some((p) => !map.getBounds().contains(p))) {
      map.fitBounds(L.latLngBounds(points), { animate: false, maxZoom: map.getZoom(), padding: [40, 40] });
    }
  }, [pLat, pLng, dLat, dLng]);

  const unicornName = unicorn?.name;
  const unicornLat = unicorn?.at.latitude;
  const unicornLng = unicorn?.at.longitude;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const at =
      unicornLat === undefined || unicornLng === undefined ? null : { latitude: unicornLat, longitude: unicornLng };
    place(map, unicornRef, unicornName === undefined ? null : at, unicornName ?? "", "#f5c542", "map-unicorn");
  }, [unicornName, unicornLat, unicornLng]);

  return (
    <div className="map">
      <section ref={containerRef} className="map__canvas" aria-label="Ride map" aria-describedby={describedBy} />
      <span className="map__crosshair" aria-hidden="true" />
    </div>
  );
}

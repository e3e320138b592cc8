/**
 * The pickup map. Loaded only in the browser, after first paint (next/dynamic, ssr: false), because Leaflet
 * needs `window` and costs about 42 KB gzip. Without a tile URL it draws vector overlays only, so it works offline.
 */
import "leaflet/dist/leaflet.css";
import * as L from "leaflet";
import { useEffect, useRef } from "react";
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
  /** The assigned unicorn on its way, drawn as a second marker. */
  unicorn?: { name: string; at: Location } | null;
  /** False while a ride is active: the pickup is fixed then. */
  choosing?: boolean;
  onPickup: (pickup: Location) => void;
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
  for (let lat = 47.4; lat <= 47.82; lat += 0.02) {
    lines.push([
      [lat, -122.6],
      [lat, -122.05],
    ]);
  }
  for (let lng = -122.6; lng <= -122.05; lng += 0.02) {
    lines.push([
      [47.4, lng],
      [47.82, lng],
    ]);
  }
  L.polyline(lines, { color: "#c9c3dc", weight: 1, interactive: false }).addTo(map);
  L.circle([seattle.latitude, seattle.longitude], {
    radius: 12_000,
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

export default function RideMap({
  pickup,
  unicorn = null,
  choosing = true,
  onPickup,
  onCentreChange,
  tileUrl,
  tileAttribution,
  describedBy,
}: RideMapProps) {
  const containerRef = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markerRef = useRef<L.CircleMarker | null>(null);
  const unicornRef = useRef<L.CircleMarker | null>(null);
  // Latest callbacks, so the map is built once and never re-created on a re-render.
  const handlers = useRef({ onPickup, onCentreChange, choosing });
  handlers.current = { onPickup, onCentreChange, choosing };

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
      if (handlers.current.choosing) handlers.current.onPickup(toLocation(event.latlng));
    });
    map.on("moveend", () => handlers.current.onCentreChange(toLocation(map.getCenter())));
    // Keyboard riders pan with the arrows, then Enter sets the pickup at the centre cross.
    map.on("keydown", (event: L.LeafletKeyboardEvent) => {
      if (event.originalEvent.key !== "Enter" || !handlers.current.choosing) return;
      event.originalEvent.preventDefault();
      handlers.current.onPickup(toLocation(map.getCenter()));
    });
    mapRef.current = map;
    return () => {
      cancelBackdrop();
      map.remove();
      mapRef.current = null;
      markerRef.current = null;
      unicornRef.current = null;
    };
  }, [tileUrl, tileAttribution]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!pickup) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    const at: L.LatLngTuple = [pickup.latitude, pickup.longitude];
    // A pickup typed in as coordinates may be off screen: bring it into view.
    if (!map.getBounds().contains(at)) map.setView(at, map.getZoom(), { animate: false });
    if (markerRef.current) {
      markerRef.current.setLatLng(at);
    } else {
      // A vector circle, not Leaflet's PNG marker icon, which breaks under bundlers and a strict CSP.
      markerRef.current = L.circleMarker(at, {
        radius: 10,
        color: "#ffffff",
        weight: 3,
        fillColor: "#c2185b",
        fillOpacity: 1,
        interactive: false,
      }).addTo(map);
    }
  }, [pickup]);

  const unicornName = unicorn?.name;
  const unicornLat = unicorn?.at.latitude;
  const unicornLng = unicorn?.at.longitude;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (unicornName === undefined || unicornLat === undefined || unicornLng === undefined) {
      unicornRef.current?.remove();
      unicornRef.current = null;
      return;
    }
    const at: L.LatLngTuple = [unicornLat, unicornLng];
    if (unicornRef.current && unicornRef.current.getTooltip()?.getContent() !== unicornName) {
      unicornRef.current.remove();
      unicornRef.current = null;
    }
    if (!unicornRef.current) {
      unicornRef.current = L.circleMarker(at, {
        radius: 9,
        color: "#4b2a84",
        weight: 3,
        fillColor: "#f5c542",
        fillOpacity: 1,
        interactive: false,
      })
        .bindTooltip(unicornName, { permanent: true, direction: "top", offset: [0, -10], className: "map-unicorn" })
        .addTo(map);
    }
    unicornRef.current.setLatLng(at);
  }, [unicornName, unicornLat, unicornLng]);

  return (
    <div className="map">
      <section ref={containerRef} className="map__canvas" aria-label="Pickup map" aria-describedby={describedBy} />
      <span className="map__crosshair" aria-hidden="true" />
    </div>
  );
}

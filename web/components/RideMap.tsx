/**
 * The ride map. First a drawn view of the offline map (MapPreview: a 2D canvas, no library), then the live map
 * (LiveMap: MapLibre, 370 kB with its worker, and a WebGL context) once the rider touches, focuses or keys the map,
 * or the trip needs a view the first one does not show. In the cloud the live map loads at once: only it draws the
 * street map. Decision 0015 has the measurements behind the split.
 */
import { type ComponentType, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { amazonLocation } from "../lib/amazon-location";
import { inNextTask } from "../lib/idle";
import type { Camera } from "../lib/map/camera";
import type { RideMapProps } from "../lib/map/types";
import type { LiveMapProps } from "./LiveMap";
import { MapPreview } from "./MapPreview";

export default function RideMap(props: RideMapProps) {
  const camera = useRef<Camera | null>(null);
  const previewCanvas = useRef<HTMLCanvasElement>(null);
  const [wanted, setWanted] = useState(amazonLocation.styleUrl !== null);
  const [Live, setLive] = useState<ComponentType<LiveMapProps> | null>(null);
  const [liveCanvas, setLiveCanvas] = useState<HTMLCanvasElement | null>(null);
  const keepFocus = useRef(false);

  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    // Evaluating MapLibre and drawing its first frame in separate tasks, so neither blocks a tap for long.
    import("./LiveMap").then(inNextTask).then((module) => {
      if (!cancelled) setLive(() => module.default);
    });
    return () => {
      cancelled = true;
    };
  }, [wanted]);

  const wake = useCallback(() => setWanted(true), []);
  const onReady = useCallback((canvas: HTMLCanvasElement) => {
    keepFocus.current = document.activeElement === previewCanvas.current;
    setLiveCanvas(canvas);
  }, []);
  // A keyboard rider on the first view carries on on the live map.
  useLayoutEffect(() => {
    if (liveCanvas && keepFocus.current) liveCanvas.focus();
  }, [liveCanvas]);

  const onCentreChange = props.onCentreChange;
  const onCamera = useCallback(
    (next: Camera) => {
      camera.current = next;
      onCentreChange(next.center);
    },
    [onCentreChange],
  );

  return (
    // Each view is a region named "Ride map"; the live one is hidden (so out of the accessibility tree) until ready.
    <div className="map">
      {Live ? <Live {...props} camera={camera} hidden={!liveCanvas} onReady={onReady} /> : null}
      {liveCanvas ? null : <MapPreview {...props} canvasRef={previewCanvas} onCamera={onCamera} onWake={wake} />}
      {props.choosing ? <span className="map__crosshair" aria-hidden="true" /> : null}
    </div>
  );
}

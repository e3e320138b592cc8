/**
 * The offline style drawn on a 2D canvas: the map's first view, before MapLibre (WebGL) is needed. Same shapes, same
 * colours and the same layer order as offlineStyle(), so the hand-over to MapLibre changes nothing the rider sees.
 */
import { ServiceArea } from "@wildrydes/core/rules/fares";
import type { Location } from "@wildrydes/core/rules/geo";
import { type Camera, project, type Size } from "./camera";
import { circleRing, offlineColours } from "./offline-style";
import { islands, parks, type Ring, water } from "./seattle-water";

const serviceArea = circleRing(ServiceArea.centre, ServiceArea.radiusMetres);

function trace(context: CanvasRenderingContext2D, camera: Camera, size: Size, ring: Ring) {
  ring.forEach(([longitude, latitude], i) => {
    const { x, y } = project(camera, size, { latitude, longitude });
    if (i === 0) context.moveTo(x, y);
    else context.lineTo(x, y);
  });
}

function fill(
  context: CanvasRenderingContext2D,
  camera: Camera,
  size: Size,
  shapes: Record<string, Ring>,
  colour: string,
) {
  context.beginPath();
  for (const ring of Object.values(shapes)) trace(context, camera, size, ring);
  context.fillStyle = colour;
  context.fill();
}

/** Draws the map at `camera` on a canvas sized `size` CSS px times the device's pixel ratio. */
export function drawPreview(
  canvas: HTMLCanvasElement,
  camera: Camera,
  size: Size,
  route: [Location, Location] | null,
  pixelRatio = 1,
) {
  const context = canvas.getContext("2d");
  if (!context) return;
  context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  context.fillStyle = offlineColours.land;
  context.fillRect(0, 0, size.width, size.height);
  fill(context, camera, size, parks, offlineColours.park);
  fill(context, camera, size, water, offlineColours.water);
  fill(context, camera, size, islands, offlineColours.land);
  context.strokeStyle = offlineColours.shore;
  context.lineWidth = 1;
  context.stroke();
  context.beginPath();
  trace(context, camera, size, serviceArea);
  context.strokeStyle = offlineColours.serviceArea;
  context.lineWidth = 2;
  context.setLineDash([6, 6]);
  context.stroke();
  if (route) {
    context.beginPath();
    trace(
      context,
      camera,
      size,
      route.map((p): [number, number] => [p.longitude, p.latitude]),
    );
    context.strokeStyle = offlineColours.route;
    context.lineWidth = 3;
    context.lineCap = "round";
    context.setLineDash([6, 6]);
    context.stroke();
  }
  context.setLineDash([]);
}

/**
 * The map's DOM markers: the trip's two points, the unicorns and the offline labels. None takes focus or taps
 * (map.css gives them pointer-events: none), so a tap anywhere sets a point and the canvas keeps the keyboard.
 */
import type { MapUnicorn } from "./types";
import { unicornColour } from "./unicorn-colours";

function element(tag: string, className: string, text?: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  if (text) el.textContent = text;
  return el;
}

/** "Pickup" or "Destination": a pin with its word on it, read as text inside the map region. */
export function pointElement(kind: "pickup" | "destination"): HTMLElement {
  const el = element("div", `map-point map-point--${kind}`);
  el.append(element("span", "map-point__label", kind === "pickup" ? "Pickup" : "Destination"));
  el.append(element("span", "map-point__pin"));
  return el;
}

/** What a unicorn marker says to a screen reader: "Shadowfax, white unicorn, free". */
export function unicornLabel(unicorn: MapUnicorn, role: "free" | "assigned"): string {
  const words = `${unicorn.name}, ${unicorn.color.toLowerCase()} unicorn`;
  return role === "free" ? `${words}, free` : `${words}, your ride`;
}

/** A disc in the unicorn's own colour (an image to assistive tech); the assigned one is bigger and named. */
export function unicornElement(unicorn: MapUnicorn, role: "free" | "assigned"): HTMLElement {
  const el = element("div", `map-unicorn map-unicorn--${role}`);
  el.setAttribute("role", "img");
  const body = element("span", "map-unicorn__body");
  body.append(element("span", "map-unicorn__horn"));
  el.append(body);
  if (role === "assigned") el.append(element("span", "map-unicorn__name", unicorn.name));
  updateUnicornElement(el, unicorn, role);
  return el;
}

export function updateUnicornElement(el: HTMLElement, unicorn: MapUnicorn, role: "free" | "assigned") {
  el.setAttribute("aria-label", unicornLabel(unicorn, role));
  const body = el.querySelector<HTMLElement>(".map-unicorn__body");
  // CSSOM, not a style attribute: the CSP (style-src 'self') allows it.
  if (body) body.style.backgroundColor = unicornColour(unicorn.color);
}

/** A place (dot and name) or a neighbourhood (name only): bearings for a sighted rider, hidden from assistive tech. */
export function labelElement(kind: "map-place" | "map-area", name: string): HTMLElement {
  const el = element("div", `map-label ${kind}`);
  el.setAttribute("aria-hidden", "true");
  if (kind === "map-place") el.append(element("span", "map-place__dot"));
  el.append(element("span", "map-label__name", name));
  return el;
}

/** MapLibre gives a marker role="button" and aria-label "Map marker" unless it has its own: a label or a pin needs none. */
export function unlabelled(el: HTMLElement) {
  el.removeAttribute("role");
  el.removeAttribute("aria-label");
}

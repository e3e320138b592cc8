/** The ride page's frame (heading, help, map, controls), shared by the loading view and the live page. */
import type { ReactNode, RefObject } from "react";
import { PageTitle } from "./PageTitle";

export function MapPlaceholder() {
  return <div className="map map--loading">Loading map…</div>;
}

/**
 * The page's frame: heading and help, then the layout (the map and the controls column beside it). The ride page
 * renders the frame once and only the layout's content changes, so the heading and the help (the largest paint)
 * stay the same elements from the first paint on.
 */
export function RideFrame({ planning, children }: { planning: boolean; children: ReactNode }) {
  return (
    <section className="ride" aria-labelledby="ride-title">
      <PageTitle>Request a ride</PageTitle>
      <div className="ride__intro">
        <h1 id="ride-title">Request a ride</h1>
        {/* The help for setting points shows only while they can be set. */}
        {planning ? (
          <p id="map-help" className="ride__help">
            Tap the map to set your pickup, then your destination, or search for a place by name.{" "}
            <span className="ride__help-keys">
              With a keyboard, focus the map, move it with the arrow keys and press Enter.
            </span>
          </p>
        ) : null}
      </div>
      {children}
    </section>
  );
}

/** The map, and the controls beside it (a bottom sheet on phones). */
export function RideLayout({
  map,
  controlsRef,
  children,
}: {
  map: ReactNode;
  /** The controls' scroll box, so the page can bring the status and the next action back into view. */
  controlsRef?: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  return (
    <div className="ride__layout">
      {map}
      {/* On phones this is a sheet below the map: the status and the next action first, the rest scrolls.
          It scrolls on its own, so keyboards must be able to reach it even when it holds nothing focusable. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must be reachable by keyboard (WCAG 2.1.1) */}
      <section ref={controlsRef} className="ride__controls" aria-label="Trip controls" tabIndex={0}>
        {children}
      </section>
    </div>
  );
}

/** A ride action whose accessible name stays put while it runs (a spinner shows instead). */
export function ActionButton(props: {
  busy: boolean;
  disabled: boolean;
  onClick?: () => void;
  primary?: boolean;
  /** A form's submit button rather than a plain one. */
  submit?: boolean;
  children: string;
}) {
  return (
    <button
      type={props.submit ? "submit" : "button"}
      className={props.primary ? "button button--primary" : "button"}
      onClick={props.onClick}
      disabled={props.disabled}
      aria-busy={props.busy || undefined}
    >
      {props.busy ? <span className="spinner" aria-hidden="true" /> : null}
      {props.children}
    </button>
  );
}

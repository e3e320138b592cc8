/** Choosing a trip: the pickup, then the destination, by map, place name, the rider's location or coordinates. */
import { useEffect, useState } from "react";
import type { Location } from "../lib/api-client";
import { usePointName } from "../lib/use-point-name";
import { CoordinatesForm } from "./CoordinatesForm";
import { PlaceSearch } from "./PlaceSearch";

export type Point = "pickup" | "dropoff";

/** The rider's word for each point. */
export const pointNames: Record<Point, string> = { pickup: "pickup", dropoff: "destination" };

export function TripPlanner({
  points,
  target,
  onTarget,
  onPlace,
  onPickup,
  centre,
  outside,
  requesting,
}: {
  points: Record<Point, Location | null>;
  /** Which point the map, a place name, the centre button and the coordinates set next. */
  target: Point;
  onTarget: (target: Point) => void;
  onPlace: (at: Location) => void;
  /** Sets the pickup whatever the target: "Use my location". */
  onPickup: (at: Location) => void;
  centre: Location;
  /** A sentence when a point lies outside the service area (the status announces it; this shows where). */
  outside: string | null;
  requesting: boolean;
}) {
  const name = pointNames[target];
  return (
    <div className="planner">
      <PlaceSearch
        label={target === "pickup" ? "Pickup place" : "Where to?"}
        near={points.pickup ?? centre}
        onPlace={onPlace}
        disabled={requesting}
      />
      <fieldset className="points" aria-describedby={outside ? "points-problem" : undefined}>
        <legend className="points__legend">Set on the map</legend>
        {(["pickup", "dropoff"] as const).map((point) => (
          <label key={point} className={point === target ? "point point--target" : "point"}>
            <input
              type="radio"
              name="target"
              value={point}
              checked={point === target}
              onChange={() => onTarget(point)}
              disabled={requesting}
            />
            <span className="point__name">{point === "pickup" ? "Pickup" : "Destination"}</span>
            <PointPlace at={points[point]} />
          </label>
        ))}
        {outside ? (
          <p id="points-problem" className="field__error">
            {outside}
          </p>
        ) : null}
      </fieldset>
      <div className="ride__buttons">
        <UseMyLocation onPickup={onPickup} disabled={requesting} />
        <button type="button" className="button" onClick={() => onPlace(centre)} disabled={requesting}>
          Use map centre as {name}
        </button>
      </div>
      <CoordinatesForm target={name} onPlace={onPlace} disabled={requesting} />
    </div>
  );
}

/** "Space Needle" with its coordinates as a smaller detail, or "not set yet". */
function PointPlace({ at }: { at: Location | null }) {
  const shown = usePointName(at);
  if (!shown) return <span className="point__place">not set yet</span>;
  return (
    <span className="point__place">
      {shown.name} <span className="point__coordinates">{shown.coordinates}</span>
    </span>
  );
}

const locationProblems: Record<number, string> = {
  1: "Your browser isn't sharing your location with Wild Rydes. Allow it in the browser's settings, or tap the map.",
  2: "Your device couldn't tell where you are right now. Search for a place or tap the map instead.",
  3: "Finding your location took too long. Try again, or search for a place or tap the map.",
};

/** The browser's idea of where the rider stands, as the pickup; hidden where there is no geolocation. */
function UseMyLocation({ onPickup, disabled }: { onPickup: (at: Location) => void; disabled: boolean }) {
  // Known only in the browser: the static export renders without `navigator`.
  const [supported, setSupported] = useState(false);
  const [finding, setFinding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setSupported(typeof navigator !== "undefined" && "geolocation" in navigator), []);
  if (!supported) return null;

  function locate() {
    setFinding(true);
    setProblem(null);
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        setFinding(false);
        onPickup({ latitude: coords.latitude, longitude: coords.longitude });
      },
      (error) => {
        setFinding(false);
        setProblem(locationProblems[error.code] ?? locationProblems[2] ?? null);
      },
      { timeout: 10_000, maximumAge: 60_000 },
    );
  }

  return (
    <>
      <button
        type="button"
        className="button"
        onClick={locate}
        disabled={disabled || finding}
        aria-busy={finding || undefined}
      >
        {finding ? <span className="spinner" aria-hidden="true" /> : null}
        Use my location
      </button>
      {problem ? (
        <p className="field__error planner__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}

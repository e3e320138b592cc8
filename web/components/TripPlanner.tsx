/** Choosing a trip: the pickup, then the destination (map, keyboard or coordinates), then the price and request. */
import type { Location } from "../lib/api";
import { formatPlace } from "../lib/ride-progress";
import type { QuoteState } from "../lib/use-quote";
import { CoordinatesForm } from "./CoordinatesForm";
import { QuoteCard } from "./QuoteCard";

export type Point = "pickup" | "dropoff";

/** The rider's word for each point. */
export const pointNames: Record<Point, string> = { pickup: "pickup", dropoff: "destination" };

export function TripPlanner({
  points,
  target,
  onTarget,
  onPlace,
  centre,
  outside,
  quote,
  now,
  requesting,
  onRequest,
}: {
  points: Record<Point, Location | null>;
  /** Which point the map, the centre button and the coordinates set next. */
  target: Point;
  onTarget: (target: Point) => void;
  onPlace: (at: Location) => void;
  centre: Location;
  /** A sentence when a point lies outside the service area (the status announces it; this shows where). */
  outside: string | null;
  quote: QuoteState;
  now: number;
  requesting: boolean;
  onRequest: () => void;
}) {
  const name = pointNames[target];
  return (
    <>
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
            <span className="point__place">{points[point] ? formatPlace(points[point]) : "not set yet"}</span>
          </label>
        ))}
        {outside ? (
          <p id="points-problem" className="field__error">
            {outside}
          </p>
        ) : null}
      </fieldset>
      <div className="ride__buttons">
        <button type="button" className="button" onClick={() => onPlace(centre)} disabled={requesting}>
          Use map centre as {name}
        </button>
      </div>
      <CoordinatesForm target={name} onPlace={onPlace} disabled={requesting} />
      {points.pickup && points.dropoff && !outside ? (
        <QuoteCard quote={quote} now={now} requesting={requesting} onRequest={onRequest} />
      ) : null}
    </>
  );
}

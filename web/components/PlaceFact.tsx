import type { Location } from "../lib/api-client";
import { usePointName } from "../lib/use-point-name";

/** A trip's point by name, its coordinates as a detail: a row of a ride's facts (`<dl>`). */
export function PlaceFact({ term, at }: { term: string; at: Location }) {
  const shown = usePointName(at);
  return (
    <div className="facts__wide">
      <dt>{term}</dt>
      <dd>
        {shown?.name} <span className="point__coordinates">{shown?.coordinates}</span>
      </dd>
    </div>
  );
}

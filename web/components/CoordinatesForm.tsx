/** A point typed in as coordinates: a precise alternative to the map for keyboards, screen readers and testers. */
import { type FormEvent, useState } from "react";
import type { Location } from "../lib/api-client";
import { TextField } from "./Forms";

function parseCoordinate(text: string, limit: number): number | null {
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(text)) return null;
  const value = Number(text);
  return Math.abs(value) <= limit ? value : null;
}

/** One coordinate, typed as a decimal number: the keyboard offers digits, the browser offers no history. */
function CoordinateField({
  label,
  ...field
}: {
  label: "Latitude" | "Longitude";
  value: string;
  onValueChange: (value: string) => void;
  error?: string;
}) {
  return (
    <TextField id={`place-${label.toLowerCase()}`} label={label} inputMode="decimal" autoComplete="off" {...field} />
  );
}

export function CoordinatesForm({
  target,
  onPlace,
  disabled,
}: {
  /** Which point the form sets, in the rider's words: "pickup" or "destination". */
  target: string;
  onPlace: (at: Location) => void;
  disabled: boolean;
}) {
  const [latitude, setLatitude] = useState("");
  const [longitude, setLongitude] = useState("");
  const [problems, setProblems] = useState<{ latitude?: string; longitude?: string }>({});

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const lat = parseCoordinate(latitude, 90);
    const lng = parseCoordinate(longitude, 180);
    setProblems({
      latitude: lat === null ? "Enter a latitude between -90 and 90, e.g. 47.6062." : undefined,
      longitude: lng === null ? "Enter a longitude between -180 and 180, e.g. -122.3321." : undefined,
    });
    if (lat === null || lng === null) return;
    onPlace({ latitude: lat, longitude: lng });
    setLatitude("");
    setLongitude("");
  }

  return (
    <details className="coordinates">
      <summary>Enter coordinates instead</summary>
      <form onSubmit={onSubmit} noValidate className="coordinates__form" aria-label={`Coordinates of the ${target}`}>
        <CoordinateField label="Latitude" value={latitude} onValueChange={setLatitude} error={problems.latitude} />
        <CoordinateField label="Longitude" value={longitude} onValueChange={setLongitude} error={problems.longitude} />
        <button type="submit" className="button" disabled={disabled}>
          Set {target}
        </button>
      </form>
    </details>
  );
}

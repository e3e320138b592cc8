/** A point's name for the rider: a known place, else (in the cloud) Amazon Location's address, else "Dropped pin". */
import { useEffect, useState } from "react";
import { amazonLocation } from "./amazon-location";
import type { Location } from "./api-client";
import { reverseGeocode } from "./place-search";
import { nameOf } from "./places";

export interface ShownName {
  /** A place, an address, or "Dropped pin". */
  name: string;
  coordinates: string;
  /** Whether the name says where the point is (false for "Dropped pin"). */
  named: boolean;
}

/** Addresses already asked for, so a re-render or a second look never asks twice. */
const addresses = new Map<string, string | null>();
const keyOf = (at: Location) => `${at.latitude.toFixed(5)},${at.longitude.toFixed(5)}`;

/** The name as known right now, without asking anyone. */
export function pointName(at: Location): ShownName {
  const known = nameOf(at);
  const name = known.name ?? addresses.get(keyOf(at)) ?? null;
  return { name: name ?? "Dropped pin", coordinates: known.coordinates, named: name !== null };
}

export function usePointName(at: Location | null): ShownName | null {
  const [, setAsked] = useState(0);
  const latitude = at?.latitude;
  const longitude = at?.longitude;
  useEffect(() => {
    const url = amazonLocation.reverseGeocodeUrl;
    if (latitude === undefined || longitude === undefined || !url) return;
    const point = { latitude, longitude };
    const key = keyOf(point);
    if (nameOf(point).name !== null || addresses.has(key)) return;
    const controller = new AbortController();
    void reverseGeocode(point, { url, signal: controller.signal }).then((name) => {
      if (controller.signal.aborted) return;
      addresses.set(key, name);
      setAsked((n) => n + 1);
    });
    return () => controller.abort();
  }, [latitude, longitude]);
  return at ? pointName(at) : null;
}

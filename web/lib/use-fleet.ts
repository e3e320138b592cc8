/**
 * Free unicorns near the rider while they plan a trip: GET /unicorns when the planner shows and every few seconds
 * while it does (not while a ride exists or the tab is hidden). A failed read keeps what was shown: the map is a
 * bonus here, never a reason for the page to fail.
 */
import { Geo } from "@wildrydes/core/rules/geo";
import { startTransition, useEffect, useMemo, useState } from "react";
import { type FleetMember, type Location, listUnicorns } from "./api-client";
import type { MapUnicorn } from "./map/types";

const everyMs = 10_000;
/** Enough to see there is a choice, few enough to read the map. */
const shown = 6;

/** The free unicorns nearest `near`, as the map draws them. */
export function nearestFree(members: FleetMember[], near: Location, count = shown): MapUnicorn[] {
  return members
    .filter((m) => m.available)
    .map((m) => ({ name: m.name, color: m.color, at: m.location, metres: Geo.distanceMetres(m.location, near) }))
    .sort((a, b) => a.metres - b.metres)
    .slice(0, count)
    .map(({ name, color, at }) => ({ name, color, at }));
}

export function useFleet(planning: boolean, near: Location): MapUnicorn[] {
  const [members, setMembers] = useState<FleetMember[]>([]);

  useEffect(() => {
    if (!planning) return;
    let live = true;
    const read = () => {
      if (document.visibilityState !== "visible") return;
      listUnicorns()
        // Not urgent: the map's markers render in slices rather than in one long task.
        .then((found) => live && startTransition(() => setMembers(found)))
        .catch(() => undefined);
    };
    read();
    const timer = window.setInterval(read, everyMs);
    document.addEventListener("visibilitychange", read);
    return () => {
      live = false;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", read);
    };
  }, [planning]);

  const { latitude, longitude } = near;
  return useMemo(
    () => (planning ? nearestFree(members, { latitude, longitude }) : []),
    [planning, members, latitude, longitude],
  );
}

/**
 * Places by name for "Where to?": the built-in Seattle list first, then (in the cloud) Amazon Location's suggestions;
 * and a name for a dropped pin from Amazon Location's reverse geocoding. Offline nothing here calls anything.
 */
import { ServiceArea } from "@wildrydes/core/rules/fares";
import type { Location } from "./api-client";
import { findPlaces } from "./places";

export interface PlaceOption {
  /** Unique within one list of options (the listbox's option ids derive from it). */
  id: string;
  name: string;
  at: Location;
}

/** What a caller may swap in: a unit test's stub, or the browser's fetch. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const MAX_OPTIONS = 8;

/** Lower case without spaces or punctuation, to spot the same place named twice. */
const same = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "");

export function builtInOptions(query: string): PlaceOption[] {
  return findPlaces(query, MAX_OPTIONS).map((place) => ({
    id: `p-${same(place.name)}`,
    name: place.name,
    at: place.at,
  }));
}

/** Places v2 Suggest's answer as options: only items that are places with a position inside the service area. */
export function parseSuggestions(body: unknown): PlaceOption[] {
  const items = (body as { ResultItems?: unknown })?.ResultItems;
  if (!Array.isArray(items)) return [];
  const options: PlaceOption[] = [];
  for (const item of items as Array<{ Title?: unknown; Place?: { Position?: unknown } }>) {
    const position = item?.Place?.Position;
    if (typeof item?.Title !== "string" || !Array.isArray(position) || position.length < 2) continue;
    const [longitude, latitude] = position as unknown[];
    if (typeof latitude !== "number" || typeof longitude !== "number") continue;
    const at = { latitude, longitude };
    if (ServiceArea.contains(at)) options.push({ id: `a-${options.length}`, name: item.Title, at });
  }
  return options;
}

/** Built-in places first; the cloud's add what the list lacks, without repeating a name. */
export function mergeOptions(builtIn: PlaceOption[], cloud: PlaceOption[]): PlaceOption[] {
  const seen = new Set(builtIn.map((o) => same(o.name)));
  const added = cloud.filter((o) => !seen.has(same(o.name)) && seen.add(same(o.name)));
  return [...builtIn, ...added].slice(0, MAX_OPTIONS);
}

async function post(url: string, body: unknown, signal: AbortSignal | undefined, fetcher: Fetch): Promise<unknown> {
  const response = await fetcher(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw new Error(`Amazon Location answered ${response.status}`);
  return response.json();
}

/**
 * Options for what the rider typed. `suggestUrl` null (offline, no key) means the built-in list only. A failed or
 * aborted cloud call leaves the built-in options; an abort is rethrown so a superseded search never shows.
 */
export async function searchPlaces(
  query: string,
  near: Location,
  { suggestUrl, signal, fetcher = fetch }: { suggestUrl: string | null; signal?: AbortSignal; fetcher?: Fetch },
): Promise<PlaceOption[]> {
  const builtIn = builtInOptions(query);
  if (!suggestUrl || query.trim().length < 2) return builtIn;
  try {
    const body = { QueryText: query.trim(), BiasPosition: [near.longitude, near.latitude], MaxResults: 5 };
    return mergeOptions(builtIn, parseSuggestions(await post(suggestUrl, body, signal, fetcher)));
  } catch (error) {
    if (signal?.aborted) throw error;
    return builtIn;
  }
}

/** Amazon Location's name for a point (a street address, usually), or null: never required, failures are silent. */
export async function reverseGeocode(
  at: Location,
  { url, signal, fetcher = fetch }: { url: string | null; signal?: AbortSignal; fetcher?: Fetch },
): Promise<string | null> {
  if (!url) return null;
  try {
    const body = await post(url, { QueryPosition: [at.longitude, at.latitude], MaxResults: 1 }, signal, fetcher);
    const title = (body as { ResultItems?: Array<{ Title?: unknown }> })?.ResultItems?.[0]?.Title;
    return typeof title === "string" && title.trim() ? title.trim() : null;
  } catch {
    return null;
  }
}

/**
 * Seattle's well-known places and neighbourhoods, with their real coordinates: the offline map draws them, pickups and
 * destinations are named after the nearest one, and "Where to?" finds them by name. One list for all three.
 */
import { Geo, type Location } from "@wildrydes/core/rules/geo";

export interface Place {
  name: string;
  at: Location;
  /** Other names riders type, e.g. "MoPOP" for the Museum of Pop Culture. */
  aliases?: string[];
}

const p = (name: string, latitude: number, longitude: number, aliases?: string[]): Place => ({
  name,
  at: { latitude, longitude },
  aliases,
});

export const places: readonly Place[] = [
  p("Space Needle", 47.6205, -122.3493),
  p("Pike Place Market", 47.6097, -122.3422, ["Public Market"]),
  p("Seattle Aquarium", 47.6076, -122.343),
  p("Seattle Great Wheel", 47.6062, -122.3425, ["Ferris wheel"]),
  p("Seattle Art Museum", 47.6073, -122.3381, ["SAM"]),
  p("Seattle Central Library", 47.6067, -122.3325, ["Library"]),
  p("Westlake Center", 47.6116, -122.3372, ["Westlake"]),
  p("Seattle Convention Center", 47.6116, -122.3316),
  p("Columbia Center", 47.6045, -122.3306),
  p("Smith Tower", 47.6018, -122.3319),
  p("Pioneer Square", 47.6015, -122.3343),
  p("King Street Station", 47.5984, -122.3297),
  p("Chinatown–International District", 47.5982, -122.3241, ["International District", "Chinatown"]),
  p("Lumen Field", 47.5952, -122.3316, ["Stadium"]),
  p("T-Mobile Park", 47.5914, -122.3325, ["Ballpark"]),
  p("Olympic Sculpture Park", 47.6166, -122.3553),
  p("Climate Pledge Arena", 47.6221, -122.354, ["Arena"]),
  p("Museum of Pop Culture", 47.6215, -122.3481, ["MoPOP"]),
  p("Kerry Park", 47.6295, -122.3599),
  p("The Spheres", 47.6156, -122.3395, ["Amazon Spheres"]),
  p("Cal Anderson Park", 47.6173, -122.319),
  p("Volunteer Park", 47.63, -122.315),
  p("Seattle University", 47.6105, -122.3172),
  p("Museum of History & Industry", 47.6275, -122.3366, ["MOHAI", "Lake Union Park"]),
  p("Gas Works Park", 47.6456, -122.3344),
  p("Fremont Troll", 47.651, -122.3473, ["Troll"]),
  p("University of Washington", 47.656, -122.3095, ["UW", "Red Square"]),
  p("Husky Stadium", 47.6503, -122.3016),
  p("Washington Park Arboretum", 47.6397, -122.2945, ["Arboretum"]),
  p("Green Lake Park", 47.6798, -122.3281),
  p("Woodland Park Zoo", 47.6685, -122.3503, ["Zoo"]),
  p("Ballard Locks", 47.6655, -122.3972, ["Hiram M. Chittenden Locks", "Locks"]),
  p("Golden Gardens Park", 47.6923, -122.4034),
  p("Discovery Park", 47.6573, -122.4055),
  p("Seattle Pacific University", 47.6499, -122.3613),
  p("Alki Beach", 47.581, -122.407),
  p("West Seattle Junction", 47.5612, -122.3868),
  p("Seward Park", 47.5505, -122.256),
  p("Columbia City", 47.5597, -122.2864),
  p("Beacon Hill Station", 47.5791, -122.3116),
  p("Museum of Flight", 47.518, -122.2969),
  p("Northgate", 47.706, -122.3255),
  p("Magnuson Park", 47.6815, -122.2535),
  p("Capitol Hill Station", 47.6192, -122.3203),
  p("Seattle–Tacoma International Airport", 47.4502, -122.3088, ["SeaTac", "Airport", "Sea-Tac"]),
];

/** The main neighbourhoods, drawn as area names on the offline map (where each one's centre roughly is). */
export const neighbourhoods: readonly Place[] = [
  p("Downtown", 47.6062, -122.3321),
  p("Belltown", 47.6147, -122.347),
  p("South Lake Union", 47.626, -122.337),
  p("Capitol Hill", 47.6253, -122.3222),
  p("Queen Anne", 47.6372, -122.3571),
  p("Magnolia", 47.6504, -122.4),
  p("Fremont", 47.6505, -122.3493),
  p("Wallingford", 47.6615, -122.3345),
  p("Ballard", 47.6687, -122.3846),
  p("University District", 47.6615, -122.3132),
  p("Montlake", 47.64, -122.304),
  p("Madison Park", 47.634, -122.28),
  p("Central District", 47.6085, -122.3005),
  p("SoDo", 47.5801, -122.3348),
  p("Beacon Hill", 47.568, -122.311),
  p("Georgetown", 47.548, -122.321),
  p("Rainier Valley", 47.544, -122.278),
  p("West Seattle", 47.5667, -122.3868),
];

/** How close a point must be to carry a place's name ("Space Needle") rather than "near …". */
const AT_METRES = 120;
/** Beyond this the nearest place says little about where a point is. */
const NEAR_METRES = 1_500;

export interface PointName {
  /** "Space Needle", "Near Kerry Park", or "Queen Anne" — null when nothing known is close. */
  name: string | null;
  /** Always shown as a detail: "47.62050, -122.34930". */
  coordinates: string;
}

export function formatCoordinates(at: Location): string {
  return `${at.latitude.toFixed(5)}, ${at.longitude.toFixed(5)}`;
}

function nearest(list: readonly Place[], at: Location): { place: Place; metres: number } | null {
  let best: { place: Place; metres: number } | null = null;
  for (const place of list) {
    const metres = Geo.distanceMetres(place.at, at);
    if (!best || metres < best.metres) best = { place, metres };
  }
  return best;
}

/** Names a point after the nearest known place, else its neighbourhood, else nothing. */
export function nameOf(at: Location): PointName {
  const coordinates = formatCoordinates(at);
  const place = nearest(places, at);
  if (place && place.metres <= AT_METRES) return { name: place.place.name, coordinates };
  if (place && place.metres <= NEAR_METRES / 2) return { name: `Near ${place.place.name}`, coordinates };
  const area = nearest(neighbourhoods, at);
  if (area && area.metres <= NEAR_METRES) return { name: area.place.name, coordinates };
  return { name: place && place.metres <= NEAR_METRES ? `Near ${place.place.name}` : null, coordinates };
}

/** Lower case without accents or punctuation, so "mopop", "Pike place" and "chinatown international" match. */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Places and neighbourhoods whose name or alias matches what the rider typed: word starts first, then anywhere. */
export function findPlaces(query: string, limit = 8): Place[] {
  const wanted = fold(query);
  if (!wanted) return [];
  const scored: Array<{ place: Place; score: number }> = [];
  for (const place of [...places, ...neighbourhoods]) {
    const names = [place.name, ...(place.aliases ?? [])].map(fold);
    const score = names.some((n) => n === wanted)
      ? 0
      : names.some((n) => n.startsWith(wanted))
        ? 1
        : names.some((n) => ` ${n}`.includes(` ${wanted}`))
          ? 2
          : names.some((n) => n.includes(wanted))
            ? 3
            : -1;
    if (score >= 0) scored.push({ place, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.place.name.localeCompare(b.place.name))
    .slice(0, limit)
    .map((s) => s.place);
}

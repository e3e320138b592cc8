/**
 * Amazon Location Service's addresses, in one place: the map style (Maps v2) and the place lookups (Places v2) the
 * site's API key may call. Null when there is no key (locally, or a stage deployed without one): the map then draws
 * its built-in Seattle style and places come from the built-in list. infra/ builds the CSP from `locationOrigins`.
 */
import { config } from "./config";

/** The origins the browser calls for the cloud map and places, for the CSP's connect-src (import-free for infra/). */
export { locationOrigins } from "@wildrydes/core/site/location-origins";

function withKey(url: string): string | null {
  return config.mapKey && config.region ? `${url}?key=${encodeURIComponent(config.mapKey)}` : null;
}

export const amazonLocation = {
  /** The Standard street style, light, with place labels. */
  get styleUrl(): string | null {
    return withKey(`https://maps.geo.${config.region}.amazonaws.com/v2/styles/Standard/descriptor`);
  },
  /** POST {QueryText, BiasPosition} → ResultItems[] of places with a Position. */
  get suggestUrl(): string | null {
    return withKey(`https://places.geo.${config.region}.amazonaws.com/v2/suggest`);
  },
  /** POST {QueryPosition} → ResultItems[] with a Title and an Address. */
  get reverseGeocodeUrl(): string | null {
    return withKey(`https://places.geo.${config.region}.amazonaws.com/v2/reverse-geocode`);
  },
};

/** Pickups tests share. */
import type { Location } from "@wildrydes/core/rules/geo";

/** Downtown, between unicorns: no unicorn stands exactly here, so every ride has a positive ETA. */
export const seattle: Location = { latitude: 47.615, longitude: -122.33 };

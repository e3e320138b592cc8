/** What the ride page tells the map; the map component (components/RideMap.tsx) draws it. */
import type { Location } from "../api-client";

/** A unicorn on the map: its name, its colour as the fleet names it ("Golden", "Rose"…) and where it is. */
export interface MapUnicorn {
  name: string;
  color: string;
  at: Location;
}

export interface RideMapProps {
  pickup: Location | null;
  dropoff?: Location | null;
  /** The assigned unicorn, moving with the ride clock (to the pickup, then with the rider to the destination). */
  unicorn?: MapUnicorn | null;
  /** Free unicorns near the pickup, shown while the rider plans a trip. */
  fleet?: MapUnicorn[];
  /** Which point a tap or Enter sets, in the rider's words; null while a ride is under way (the points are fixed). */
  choosing?: string | null;
  onPlace: (at: Location) => void;
  onCentreChange: (centre: Location) => void;
  describedBy?: string;
}

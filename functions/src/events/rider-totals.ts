/** Stream subscriber: an ended ride adds what it cost (and, completed, one ride) to its rider's totals, once. */
import { Tallies } from "@wildrydes/core/tallies";
import { rideSubscriber } from "./stream";

export const handler = rideSubscriber(({ ride }) => Tallies.countEndedRide(ride));

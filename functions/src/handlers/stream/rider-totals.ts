/** Stream subscriber: an ended ride adds what it cost (and, completed, one ride) to its rider's totals, once. */
import { Tallies } from "@wildrydes/core/store/tallies";
import { count, revenue } from "../../edge/metrics";
import { rideSubscriber } from "../../edge/stream";

export const handler = rideSubscriber(async ({ ride }) => {
  if (!(await Tallies.countEndedRide(ride))) return; // delivered before (counted then), or it adds nothing
  if (ride.status === "COMPLETED") count("RideCompleted");
  if (ride.status === "NO_SHOW") count("RideNoShow");
  if (ride.charged?.amount) revenue(ride.charged.amount);
});

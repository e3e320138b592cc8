/** Stream subscriber: a rated ride adds to its unicorn's rating; a completed ride to its rides (each once). */
import { isBooked } from "@wildrydes/core/store/ride-item";
import { Tallies } from "@wildrydes/core/store/tallies";
import { rideSubscriber } from "../../edge/stream";

export const handler = rideSubscriber(async ({ ride, before }) => {
  // Only a ride a unicorn took can be completed or rated (a ride given up while dispatching has no unicorn).
  if (!isBooked(ride)) return;
  if (ride.rating !== undefined && before.rating === undefined) await Tallies.countRating(ride);
  if (ride.status === "COMPLETED" && before.status !== "COMPLETED") await Tallies.countCompletedRide(ride);
});

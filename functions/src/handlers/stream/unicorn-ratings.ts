/** Stream subscriber: a rated ride adds to its unicorn's rating; a completed ride to its rides (each once). */
import { Tallies } from "@wildrydes/core/store/tallies";
import { rideSubscriber } from "../../edge/stream";

export const handler = rideSubscriber(async ({ ride, before }) => {
  if (ride.rating !== undefined && before.rating === undefined) await Tallies.countRating(ride);
  if (ride.status === "COMPLETED" && before.status !== "COMPLETED") await Tallies.countCompletedRide(ride);
});

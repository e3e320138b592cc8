/** Stream subscriber: a rated ride adds to its unicorn's rating, once (its completed rides count as each ends). */
import { isBooked } from "@wildrydes/core/store/ride-item";
import { Tallies } from "@wildrydes/core/store/tallies";
import { rideSubscriber } from "../../edge/stream";

export const handler = rideSubscriber(async ({ ride, before }) => {
  // Only a ride a unicorn took can be rated (a ride given up while dispatching has no unicorn).
  if (!isBooked(ride)) return;
  if (ride.rating !== undefined && before.rating === undefined) await Tallies.countRating(ride);
});

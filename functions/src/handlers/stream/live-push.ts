/** Stream subscriber: every stored change of a ride goes to its rider's live channel, as GET /rides/{rideId} shows it. */
import { Channels } from "@wildrydes/core/rules/channels";
import { toRide } from "@wildrydes/core/store/ride-item";
import { publish } from "../../edge/live";
import { rideSubscriber } from "../../edge/stream";

export const handler = rideSubscriber(async ({ ride }) => {
  await publish(Channels.rider(ride.riderId), [{ type: "ride", ride: toRide(ride, new Date()) }]);
});

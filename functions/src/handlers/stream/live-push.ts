/**
 * Stream subscriber: every stored change of a ride goes to its rider's live channel, as GET /rides/{rideId} shows it,
 * and a crewed unicorn's job to its unicorn's channel too; every change of an offer goes to the offered unicorn's.
 */
import { Channels } from "@wildrydes/core/rules/channels";
import { type OfferItem, toOffer } from "@wildrydes/core/store/offer-item";
import { type RideItem, toRide } from "@wildrydes/core/store/ride-item";
import { publish } from "../../edge/live";
import { itemSubscriber } from "../../edge/stream";

export const handler = itemSubscriber<RideItem | OfferItem>(async ({ item }) => {
  const now = new Date();
  if (item.kind === "offer") {
    await publish(Channels.unicorn(item.unicornId), [{ type: "offer", offer: toOffer(item, now) }]);
    return;
  }
  const event = { type: "ride", ride: toRide(item, now) };
  await publish(Channels.rider(item.riderId), [event]);
  if (item.crewed && item.unicorn) await publish(Channels.unicorn(item.unicorn.unicornId), [event]);
});

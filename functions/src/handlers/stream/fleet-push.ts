/** Stream subscriber: a unicorn that becomes free or busy is pushed to the fleet's live channel, as GET /unicorns shows it. */
import { Channels } from "@wildrydes/core/rules/channels";
import { type StoredUnicorn, toFleetMember } from "@wildrydes/core/store/fleet-member";
import { Tallies } from "@wildrydes/core/store/tallies";
import { publish } from "../../edge/live";
import { itemSubscriber } from "../../edge/stream";

export const handler = itemSubscriber<StoredUnicorn>(async ({ item }) => {
  // Its ratings are in their own item, not in the profile this record carries: one small read.
  await publish(Channels.fleet, [
    { type: "unicorn", unicorn: toFleetMember(item, await Tallies.ratingsOf(item.name)) },
  ]);
});

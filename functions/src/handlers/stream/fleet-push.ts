/** Stream subscriber: a unicorn that becomes free or busy is pushed to the fleet's live channel, as GET /unicorns shows it. */
import { Channels } from "@wildrydes/core/rules/channels";
import { type StoredUnicorn, toFleetMember } from "@wildrydes/core/store/fleet-member";
import { publish } from "../../edge/live";
import { itemSubscriber } from "../../edge/stream";

export const handler = itemSubscriber<StoredUnicorn>(async ({ item }) => {
  await publish(Channels.fleet, [{ type: "unicorn", unicorn: toFleetMember(item) }]);
});

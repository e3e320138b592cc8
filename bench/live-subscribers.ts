// The bench's crowd (bench/live-push.ts): N connections subscribed to the fleet channel, in their own process.
// Prints "subscribed" once all are, then "received <n>" once every one has an event (or after 10 s, with how many).
import { Channels } from "@wildrydes/core/rules/channels";
import { LiveClient } from "@wildrydes/testing/live-client";

const [realtimeUrl = "", token = "", count = "500"] = process.argv.slice(2);
const clients: LiveClient[] = [];
for (let i = 0; i < Number(count); i += 50) {
  const batch = Array.from({ length: Math.min(50, Number(count) - i) }, async () => {
    const client = await LiveClient.connect(realtimeUrl, token);
    await client.subscribe("fleet", Channels.fleet, token);
    return client;
  });
  clients.push(...(await Promise.all(batch)));
}
console.log("subscribed");
const got = await Promise.all(
  clients.map((c) =>
    c.next("data", 10_000).then(
      () => 1,
      () => 0,
    ),
  ),
);
console.log(`received ${got.reduce((a: number, b: number) => a + b, 0)}`);
for (const c of clients) c.close();
process.exit(0);

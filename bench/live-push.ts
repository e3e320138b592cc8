// Live push through the local stack: latency from a stored ride change (the API has answered, so the write is
// durable) to the pushed event on a subscribed client, via DynamoDB Local's stream, the poller, the LivePush
// subscriber and the Event API stand-in (p50/p99; budget p99 <= 1 s); then 500 clients subscribed at once on one
// stand-in (all must receive one publish; bytes of heap per connection reported).
import { spawn } from "node:child_process";
import path from "node:path";
import { Channels } from "@wildrydes/core/rules/channels";
import { startStack } from "@wildrydes/local/stack";
import { LiveClient } from "@wildrydes/testing/live-client";
import { newRiders } from "@wildrydes/testing/rider-accounts";
import { riderApi } from "@wildrydes/testing/rider-api";
import { seattle } from "@wildrydes/testing/seattle-points";
import { percentile, quick } from "./dynamo";
import { judge, type PhaseResult } from "./figure";
import { measureOffers } from "./offers";

const subscribers = 500;

export async function measureLivePush(): Promise<PhaseResult> {
  const stack = await startStack({ web: false });
  try {
    const { endpoints } = stack;
    const [rider] = await newRiders(endpoints, 1, "bench-live");
    if (!rider) throw new Error("no rider");
    const api = riderApi(endpoints, rider.accessToken);
    const client = await LiveClient.connect(endpoints.events.realtimeUrl, rider.accessToken);
    await client.subscribe("ride", Channels.rider(rider.sub), rider.accessToken);

    // Each change timed from the API's answer to the event with that status: request (INSERT), cancel (MODIFY).
    const latencies: number[] = [];
    const pushed = async (rideId: string, status: string, since: number) => {
      await client.next((m) => {
        if (m.type !== "data" || m.id !== "ride") return false;
        const { ride } = JSON.parse(m.event ?? "{}") as { ride?: { rideId: string; status: string } };
        return ride?.rideId === rideId && ride.status === status;
      }, 10_000);
      latencies.push(performance.now() - since);
    };
    for (let i = 0; i < (quick ? 15 : 60); i++) {
      let since = performance.now();
      const ride = await api.requestRide(seattle);
      await pushed(ride.rideId, "EN_ROUTE", since);
      since = performance.now();
      await api.cancelRide(ride.rideId);
      await pushed(ride.rideId, "CANCELLED", since);
    }
    client.close();
    const offers = await measureOffers(stack);

    const fanOut = await manySubscribers(endpoints.events.realtimeUrl, rider.accessToken, stack.live.publish);
    const p = (q: number) => percentile(latencies, q);
    const figures = [
      judge({
        id: "live.push-latency.p99",
        group: "Live push",
        label: `Stored ride change → pushed to the rider, p99 of ${latencies.length}`,
        value: p(99),
        unit: "ms",
        budget: { op: "<=", limit: 1000 },
      }),
      judge({ id: "live.push-latency.p50", group: "Live push", label: "… p50", value: p(50), unit: "ms" }),
      judge({
        id: "live.fan-out.received",
        group: "Live push",
        label: `${subscribers} clients subscribed to ${Channels.fleet}: received one publish`,
        value: fanOut.received,
        unit: "clients",
        budget: { op: ">=", limit: subscribers },
      }),
      judge({
        id: "live.fan-out.bytes-per-connection",
        group: "Live push",
        label: "Stand-in heap per open subscribed connection",
        value: fanOut.bytesPerConnection,
        unit: "bytes",
      }),
      ...offers.figures,
    ];
    return { figures, data: { latencies, operationsPerChain: offers.operationsPerChain } };
  } finally {
    await stack.stop();
  }
}

/**
 * `subscribers` connections from a child process (so their own memory is not counted), each subscribed to the fleet
 * channel; the stand-in's heap measured before and after, then one publish that every one of them must receive.
 */
async function manySubscribers(
  realtimeUrl: string,
  token: string,
  publish: (channel: string, events: unknown[]) => unknown,
): Promise<{ received: number; bytesPerConnection: number }> {
  const heap = () => {
    globalThis.gc?.();
    return process.memoryUsage().heapUsed;
  };
  const before = heap();
  const script = path.join(import.meta.dirname, "live-subscribers.ts");
  const child = spawn(process.execPath, ["--import", "tsx", script, realtimeUrl, token, String(subscribers)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  child.stdout.on("data", (chunk: Buffer) => {
    lines.push(...String(chunk).trim().split("\n"));
    for (const wake of waiters) wake();
  });
  child.once("exit", () => {
    for (const wake of waiters) wake();
  });
  const line = (match: string) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const found = lines.find((l) => l.startsWith(match));
        if (found) resolve(found);
        else if (child.exitCode !== null) reject(new Error(`the subscribers' process exited ${child.exitCode}`));
        else return;
        waiters.delete(look);
      };
      waiters.add(look);
      look();
    });
  await line("subscribed");
  const during = heap();
  await publish(Channels.fleet, [{ type: "bench" }]);
  const received = Number((await line("received")).split(" ")[1]);
  child.kill();
  return { received, bytesPerConnection: Math.max(0, during - before) / subscribers };
}

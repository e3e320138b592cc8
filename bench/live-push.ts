// Live push through the local stack: from a stored ride change (the API has answered, so the write is durable) to the
// pushed event on a subscribed client, via DynamoDB Local's stream, the poller, the LivePush subscriber and the Event
// API stand-in. Offers (issue 22): a ride requested at an on-shift crewed unicorn, from the API's 201 (DISPATCHING) to
// the offer on the unicorn's channel, and from the accept's 200 to EN_ROUTE on the rider's; the durable operations a
// chain costs, for the cost model. Then 500 clients subscribed to the fleet channel, each to receive one publish.
import { Channels } from "@wildrydes/core/rules/channels";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { startStack } from "@wildrydes/local/stack";
import { LiveClient, type LiveMessage } from "@wildrydes/testing/live-client";
import { newRiders } from "@wildrydes/testing/rider-accounts";
import { apiClient, nearby } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { seattle } from "@wildrydes/testing/seattle-points";
import { percentile, quick } from "./dynamo";
import { atMost, budgeted, type PhaseResult } from "./figure";

const subscribers = 500;
type Change = { rideId: string; status: string; offerId?: string };

/** A push's latency: p99 within a second (a screen that feels live), p50 within half of one. */
const latency = (group: string, id: string, label: string, ms: number[]) => [
  budgeted([`${id}.p99`, group, `${label}, p99 of ${ms.length}`], percentile(ms, 99), "ms", atMost(1000)),
  budgeted([`${id}.p50`, group, "… p50"], percentile(ms, 50), "ms", atMost(500)),
];

export async function measureLivePush(): Promise<PhaseResult> {
  const stack = await startStack({ web: false });
  try {
    const { endpoints } = stack;
    const account = endpoints.demoAccounts?.unicorns.find((u) => u.unicornId === "stardust");
    const stardust = seattleFleet.find((u) => u.unicornId === "stardust");
    const [[rider], crew] = await Promise.all([
      newRiders(endpoints, 1, "bench-live"),
      account && signInDemo(endpoints, account),
    ]);
    if (!rider || !crew || !stardust) throw new Error("no rider, or the stack seeded no stardust and its crew");
    const api = apiClient(endpoints);
    const as = (token: string) => (method: string, path: string, body?: unknown) => api(method, path, { token, body });
    const [asRider, asCrew] = [as(rider.accessToken), as(crew.accessToken)];
    const connect = async (channel: string, token = rider.accessToken) => {
      const client = await LiveClient.connect(endpoints.events.realtimeUrl, token);
      await client.subscribe(channel, channel, token);
      return client;
    };
    const [riderClient, crewClient] = [
      await connect(Channels.rider(rider.sub)),
      await connect(Channels.unicorn("stardust"), crew.accessToken),
    ];
    const changeOf = (m: LiveMessage) =>
      Object.values(JSON.parse(m.event ?? "{}")).find((x) => typeof x === "object") as Change | undefined;
    // Resolves with the change once a pushed event shows `rideId` in `status`, and records how long since `since`.
    const pushed = async (client: LiveClient, rideId: string, status: string, since: number, into: number[]) => {
      const m = await client.next(
        (x) => x.type === "data" && changeOf(x)?.rideId === rideId && changeOf(x)?.status === status,
        10_000,
      );
      into.push(performance.now() - since);
      return changeOf(m);
    };
    // Each change timed from the request to the event with its status: request (INSERT), cancel (MODIFY).
    const latencies: number[] = [];
    for (let i = 0; i < (quick ? 15 : 60); i++) {
      let since = performance.now();
      const { rideId } = (await asRider("POST", "/rides", { pickup: seattle, dropoff: nearby(seattle) })).body;
      await pushed(riderClient, rideId, "EN_ROUTE", since, latencies);
      since = performance.now();
      await asRider("POST", `/rides/${rideId}/cancel`, {});
      await pushed(riderClient, rideId, "CANCELLED", since, latencies);
    }
    await asCrew("POST", "/unicorn/shift", { onShift: true });
    const [toScreen, toRider] = [[] as number[], [] as number[]];
    const [opsBefore, rounds] = [stack.offerChains.operations(), quick ? 8 : 30];
    for (let i = 0; i < rounds; i++) {
      let since = performance.now();
      const trip = { pickup: nearby(stardust.location, 100), dropoff: { latitude: 47.62, longitude: -122.33 } };
      const { rideId } = (await asRider("POST", "/rides", trip)).body;
      const offer = await pushed(crewClient, rideId, "OPEN", since, toScreen);
      since = performance.now();
      const accepted = await asCrew("POST", `/unicorn/offers/${offer?.offerId}/accept`);
      if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}`);
      await pushed(riderClient, rideId, "EN_ROUTE", since, toRider);
      await asRider("POST", `/rides/${rideId}/cancel`, {});
    }
    await stack.offerChains.settled();
    const operationsPerChain = (stack.offerChains.operations() - opsBefore) / rounds;
    await asCrew("POST", "/unicorn/shift", { onShift: false });
    for (const c of [riderClient, crewClient]) c.close();
    // The crowd, 50 connections at a time; every one must receive the publish within 10 s.
    const crowd: LiveClient[] = [];
    for (let i = 0; i < subscribers; i += 50)
      crowd.push(...(await Promise.all(Array.from({ length: 50 }, () => connect(Channels.fleet)))));
    const received = Promise.allSettled(crowd.map((c) => c.next("data", 10_000)));
    await stack.live.publish(Channels.fleet, [{ type: "bench" }]);
    const count = (await received).filter((r) => r.status === "fulfilled").length;
    for (const c of crowd) c.close();
    const fanOut = `${subscribers} clients subscribed to ${Channels.fleet}: received one publish`;
    const chain = "Durable operations per offer chain (one offer, accepted; each billed)";
    const figures = [
      ...latency("Live push", "live.push-latency", "Stored ride change → pushed to the rider", latencies),
      budgeted(["live.fan-out.received", "Live push", fanOut], count, "clients", { op: ">=", limit: subscribers }),
      ...latency("Offers", "offers.offer-to-screen", "Ride requested (201) → offer pushed to the unicorn", toScreen),
      ...latency("Offers", "offers.accept-to-rider", "Offer accepted (200) → EN_ROUTE pushed to the rider", toRider),
      budgeted(["offers.operations-per-chain", "Offers", chain], operationsPerChain, "", atMost(6)),
    ];
    return { figures, data: { latencies, operationsPerChain } };
  } finally {
    await stack.stop();
  }
}

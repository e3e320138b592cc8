// Offers through the local stack (issue 22): a rider requests a ride at an on-shift crewed unicorn; offer-to-screen is
// the API's 201 (DISPATCHING) to the offer pushed on the unicorn's channel, accept-to-rider the accept's 200 to EN_ROUTE
// pushed on the rider's (p50/p99, budget p99 <= 1 s each); then the durable operations one chain cost, for the model.
import { Channels } from "@wildrydes/core/rules/channels";
import { seattleFleet } from "@wildrydes/core/rules/roster";
import type { Stack } from "@wildrydes/local/stack";
import { LiveClient as Client, type LiveClient, type LiveMessage } from "@wildrydes/testing/live-client";
import { newRiders } from "@wildrydes/testing/rider-accounts";
import { apiClient, nearby } from "@wildrydes/testing/rider-api";
import { signInDemo } from "@wildrydes/testing/role-accounts";
import { percentile, quick } from "./dynamo";
import { type Figure, judge } from "./figure";

export interface OfferFigures {
  figures: Figure[];
  /** Durable operations per offer chain (one offer, accepted): the cost model's orchestrator line. */
  operationsPerChain: number;
}

export async function measureOffers(stack: Stack): Promise<OfferFigures> {
  const { endpoints } = stack;
  const account = endpoints.demoAccounts?.unicorns.find((u) => u.unicornId === "stardust");
  const stardust = seattleFleet.find((u) => u.unicornId === "stardust");
  if (!account || !stardust) throw new Error("the stack seeds stardust and its crew");
  const api = apiClient(endpoints);
  const [crew, [rider]] = await Promise.all([signInDemo(endpoints, account), newRiders(endpoints, 1, "bench-offer")]);
  if (!rider) throw new Error("no rider");
  await api("POST", "/unicorn/shift", { token: crew.accessToken, body: { onShift: true } });
  const [unicornClient, riderClient] = await Promise.all([
    Client.connect(endpoints.events.realtimeUrl, crew.accessToken),
    Client.connect(endpoints.events.realtimeUrl, rider.accessToken),
  ]);
  await unicornClient.subscribe("offers", Channels.unicorn(account.unicornId), crew.accessToken);
  await riderClient.subscribe("ride", Channels.rider(rider.sub), rider.accessToken);
  const eventOf = <T>(m: LiveMessage, key: string) => (JSON.parse(m.event ?? "{}") as Record<string, T>)[key];
  const waitFor = (
    client: LiveClient,
    id: string,
    key: string,
    match: (x: { rideId: string; status: string }) => boolean,
  ) =>
    client.next(
      (m) => m.type === "data" && m.id === id && match(eventOf(m, key) ?? { rideId: "", status: "" }),
      10_000,
    );

  const toScreen: number[] = [];
  const toRider: number[] = [];
  const opsBefore = stack.offerChains.operations();
  const rounds = quick ? 8 : 30;
  for (let i = 0; i < rounds; i++) {
    let since = performance.now();
    const asked = await api("POST", "/rides", {
      token: rider.accessToken,
      body: { pickup: nearby(stardust.location, 100), dropoff: { latitude: 47.62, longitude: -122.33 } },
    });
    const rideId = (asked.body as { rideId: string }).rideId;
    const opened = await waitFor(unicornClient, "offers", "offer", (o) => o.rideId === rideId && o.status === "OPEN");
    toScreen.push(performance.now() - since);
    since = performance.now();
    const offerId = eventOf<{ offerId: string }>(opened, "offer")?.offerId;
    const accepted = await api("POST", `/unicorn/offers/${offerId}/accept`, { token: crew.accessToken });
    if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}`);
    await waitFor(riderClient, "ride", "ride", (r) => r.rideId === rideId && r.status === "EN_ROUTE");
    toRider.push(performance.now() - since);
    await api("POST", `/rides/${rideId}/cancel`, { token: rider.accessToken });
  }
  await stack.offerChains.settled();
  const operationsPerChain = (stack.offerChains.operations() - opsBefore) / rounds;
  await api("POST", "/unicorn/shift", { token: crew.accessToken, body: { onShift: false } });
  unicornClient.close();
  riderClient.close();

  const figure = (id: string, label: string, values: number[]) => [
    judge({
      id: `offers.${id}.p99`,
      group: "Offers",
      label: `${label}, p99 of ${values.length}`,
      value: percentile(values, 99),
      unit: "ms",
      budget: { op: "<=", limit: 1000 },
    }),
    judge({ id: `offers.${id}.p50`, group: "Offers", label: "… p50", value: percentile(values, 50), unit: "ms" }),
  ];
  return {
    figures: [
      ...figure("offer-to-screen", "Ride requested (201 DISPATCHING) → offer pushed to the unicorn", toScreen),
      ...figure("accept-to-rider", "Offer accepted (200) → EN_ROUTE pushed to the rider", toRider),
      judge({
        id: "offers.operations-per-chain",
        group: "Offers",
        label: "Durable operations per offer chain (one offer, accepted)",
        value: operationsPerChain,
        unit: "operations",
      }),
    ],
    operationsPerChain,
  };
}

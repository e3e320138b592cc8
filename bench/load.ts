// Load (issue 24): 200 riders and 20 crewed unicorns for 5 minutes through the whole local stack (sweep every 5 s,
// the offer chain, live push, the lake), after a baseline window of 20 riders against the same crews; both follow an
// unmeasured warm-up. The fleet is the 20 crews alone (no bots), standing downtown where every trip starts and ends,
// so pickups and trips take seconds on the real ride clock. A rider quotes, requests (again after a pause while every
// unicorn is busy), sometimes cancels, waits by push for a crew to accept, boards at arrival, rides, rates, and reads
// its history and GET /me; a crew answers the offers pushed to it: accepts most, declines some, ignores a few (so
// offers expire too). Figures: no 5xx, no invariant violation (checked twice during the load, and at the end once
// every chain has ended and a sweep has run), and per route the p99 at 200 riders against the same route's p99 at 20.
// Requests go through fetch's keep-alive pool; each rider and crew holds one WebSocket.
import { setTimeout as sleep } from "node:timers/promises";
import type { Offer, Ride } from "@wildrydes/core/rules/api-shapes";
import { Channels } from "@wildrydes/core/rules/channels";
import { Fleet } from "@wildrydes/core/store/fleet";
import { startStack } from "@wildrydes/local/stack";
import { LiveClient, type LiveMessage } from "@wildrydes/testing/live-client";
import { mintedRiders } from "@wildrydes/testing/minted-riders";
import { type Answer, apiClient } from "@wildrydes/testing/rider-api";
import { newUnicornAccount } from "@wildrydes/testing/role-accounts";
import { seattle } from "@wildrydes/testing/seattle-points";
import { checkInvariants, type InvariantOptions, scanTable } from "../integration/api/security/invariants";
import { cityFleet, random } from "./city";
import { percentile, quick } from "./dynamo";
import { type Figure, judge, type PhaseResult } from "./figure";

const [riderCount, baseRiders, crewCount] = [200, 20, 20];
const seconds = quick ? { warm: 5, base: 20, load: 40 } : { warm: 10, base: 60, load: 300 };
type Stage = keyof typeof seconds | "check";
const stages = ["base", "load"] as const;
const next = random(24);
const between = (min: number, max: number) => min + (max - min) * next();
/** Within about 250 m of downtown: every pickup, dropoff and crew's start. */
const near = () => ({ latitude: jitter(seattle.latitude, 0.00225), longitude: jitter(seattle.longitude, 0.0033) });
const jitter = (degrees: number, by: number) => Number((degrees + between(-by, by)).toFixed(6));
const events = ["completed", "refused", "notAccepted", "cancelled", "accepted", "declined", "ignored", "tooLate"];
const figure = (id: string, label: string, value: number, unit: string, limit: number, baseline?: Figure["baseline"]) =>
  judge({ id: `load.${id}`, group: "Load", label, value, unit, baseline, budget: { op: "<=", limit } });

export async function measureLoad(): Promise<PhaseResult> {
  // Unthrottled: riders retrying while every unicorn is busy are load, not abuse.
  const { endpoints, ...stack } = await startStack({ web: false, seed: false, throttle: false, sweepEverySeconds: 5 });
  const [clients, run] = [[] as LiveClient[], { stopping: false, crewsDone: false }];
  try {
    const fleet = cityFleet(crewCount, 24).map((u) => ({ ...u, crewed: true, location: near() }));
    await Fleet.seed(fleet);
    const crewing = Promise.all(fleet.map((link) => newUnicornAccount(endpoints, { link })));
    const [crews, riders] = await Promise.all([crewing, mintedRiders(endpoints, riderCount)]);
    const api = apiClient(endpoints);
    let [stage, serverErrors] = ["warm" as Stage, 0];
    const [samples, counts, unexpected] = [new Map<string, number[]>(), new Map<string, number>(), [] as string[]];
    const count = (n: string, w = stage.replace("check", "load")) =>
      counts.set(`${w}|${n}`, (counts.get(`${w}|${n}`) ?? 0) + 1);
    const nap = (ms: number) => sleep(Math.max(0, ms));

    /** One request, timed under its route ("POST /rides/{id}/board") if it began and ended in one measured stage. */
    const call = async (token: string, method: string, path: string, body?: unknown): Promise<Answer> => {
      const key = `${stage}|${method} ${path.replace(/\?.*/, "").replace(/[0-9A-HJKMNP-TV-Z]{26}/g, "{id}")}`;
      const since = performance.now();
      const answer = await api(method, path, { token, body }).catch((e) => ({ status: 599, error: String(e) }));
      if (answer.status >= 500) serverErrors++;
      if ("error" in answer) unexpected.push(`${key}: ${answer.error}`);
      if (key.startsWith(`${stage}|`) && ["base", "load"].includes(stage))
        (samples.get(key) ?? samples.set(key, []).get(key))?.push(performance.now() - since);
      return { headers: new Headers(), body: null, ...answer };
    };
    /** Subscribes to `channel`; then waits (up to `ms`) for a pushed event's `key` that passes `is`, or null. */
    const subscribe = async (token: string, channel: string) => {
      const client = await LiveClient.connect(endpoints.events.realtimeUrl, token);
      clients.push(client);
      await client.subscribe("push", channel, token);
      const ev = (m: LiveMessage | null) => JSON.parse(m?.event ?? "{}");
      return async <T>(key: string, is: (x: T) => boolean, ms: number): Promise<T | null> =>
        ev(await client.next((m) => m.type === "data" && is(ev(m)[key] ?? {}), ms).catch(() => null))[key] ?? null;
    };

    async function rider(i: number) {
      const { accessToken: token, sub } = riders[i] as (typeof riders)[number];
      const pushed = await subscribe(token, Channels.rider(sub));
      const at = async (time: string | undefined, path: string, body?: unknown) => {
        await nap(Date.parse(time ?? "") - Date.now() + between(200, 1500));
        return call(token, "POST", path, body);
      };
      const ask = async () => {
        const quote = await call(token, "POST", "/quotes", { pickup: near(), dropoff: near() });
        return quote.status === 201 ? call(token, "POST", "/rides", { quoteId: quote.body.quoteId }) : quote;
      };
      for (await nap(between(0, 5000)); !run.stopping; ) {
        // Every unicorn busy (the quote, or the request, says so): the rider tries again a while later.
        let asked = await ask();
        for (; asked.body?.error?.code === "NO_UNICORN_AVAILABLE" && !run.stopping; count("refused"))
          asked = await nap(between(10_000, 20_000)).then(ask);
        if (asked.status !== 201 && !run.stopping) unexpected.push(`POST /rides: ${asked.status}`);
        let ride = asked.body as Ride;
        // Pushed once a crew accepts or the chain gives up; read now and then, as an app does after a missed push.
        while (asked.status === 201 && ride.status === "DISPATCHING" && !run.stopping) {
          const taken = (r: Ride) => r.rideId === ride.rideId && r.status !== "DISPATCHING";
          ride = (await pushed("ride", taken, 10_000)) ?? (await call(token, "GET", `/rides/${ride.rideId}`)).body;
        }
        if (asked.status === 201 && ride.status === "CANCELLED") count("notAccepted");
        if (asked.status !== 201 || !["EN_ROUTE", "ARRIVED"].includes(ride.status)) continue;
        const cancels = next() < 0.1;
        const when = cancels ? new Date(Date.now() + between(0, 3000)).toISOString() : ride.arrivesAt;
        const byId = `/rides/${ride.rideId}`;
        const boarded = await at(when ?? undefined, `${byId}/${cancels ? "cancel" : "board"}`);
        const rated = cancels ? boarded : await at(boarded.body?.dropoffAt, `${byId}/rating`, { rating: 5 });
        if (rated.status === 200) count(cancels ? "cancelled" : "completed");
        else if (!run.stopping) unexpected.push(`board ${boarded.status}, rating ${rated.status}`);
        await call(token, "GET", byId); // the receipt, as the ride history opens it
        await call(token, "GET", "/rides?limit=10");
        await call(token, "GET", "/me");
        await nap(between(1000, 4000));
      }
    }

    /** Answers its offers until the chains are done; once the riders have stopped, accepts each so they end. */
    async function crew(index: number) {
      const token = crews[index]?.accessToken ?? "";
      const offered = await subscribe(token, Channels.unicorn(fleet[index]?.unicornId ?? ""));
      for (const answered = new Set<string>(); !run.crewsDone; ) {
        const open = (o: Offer) => o.status === "OPEN" && !answered.has(o.offerId);
        const offer = (await offered("offer", open, 5e3)) ?? (await call(token, "GET", "/unicorn/offers/current")).body;
        if (!offer?.offerId || !open(offer)) continue;
        answered.add(offer.offerId);
        const roll = run.stopping ? 1 : next();
        // Ignored, it runs out after 15 s, and the chain offers the ride to the next unicorn.
        if (roll < 0.1 && count("ignored")) continue;
        await sleep(between(300, 2000)); // the crew reads it
        const move = roll < 0.25 ? "decline" : "accept";
        const answer = await call(token, "POST", `/unicorn/offers/${offer.offerId}/${move}`);
        if (answer.status === 200) count(`${move}${move === "accept" ? "ed" : "d"}`);
        else if (answer.body?.error?.code === "OFFER_CLOSED") count("tooLate");
        else unexpected.push(`${move}: ${answer.status}`);
      }
    }

    // The load goes on while the table is scanned, and a Scan is no snapshot (a transaction may be seen half-done):
    // a violation counts only if a second Scan, a moment later, shows it again. A full Scan is the bench's, not the
    // riders': what the load meets meanwhile (stage "check") is not timed.
    const violations: string[] = [];
    const check = async (o: InvariantOptions = {}, was = stage) => {
      const scan = async () => checkInvariants(await scanTable(endpoints.tableName), Date.now(), o).violations;
      stage = "check";
      const first = await scan();
      if (first.length > 0) violations.push(...(await sleep(1000).then(scan)).filter((v) => first.includes(v)));
      stage = was;
    };

    await Promise.all(crews.map(({ accessToken: token }) => call(token, "POST", "/unicorn/shift", { onShift: true })));
    const answering = crews.map((_, j) => crew(j));
    const riding = riders.slice(0, baseRiders).map((_, i) => rider(i));
    stage = await sleep(seconds.warm * 1000, "base" as const);
    stage = await sleep(seconds.base * 1000, "load" as const);
    riding.push(...riders.slice(baseRiders).map((_, i) => rider(baseRiders + i)));
    for (const then of [check, check, async () => {}]) await sleep(seconds.load * 333).then(() => then());
    run.stopping = true;
    // Crews answer until every chain has ended (rides left DISPATCHING by stopped riders), then the sweep runs.
    await Promise.all(riding).then(() => stack.offerChains.settled().then(() => (run.crewsDone = true)));
    const sweptAt = await Promise.all(answering).then(() => Date.now());
    await stack.runSchedule("Sweep").then(() => stack.streams.caughtUp().then(() => check({ sweptAt })));

    const routes = [...new Set([...samples.keys()].map((k) => k.split("|")[1] ?? ""))].sort();
    const of = (w: Stage, route: string) => samples.get(`${w}|${route}`) ?? [];
    const p = (w: Stage, route: string, q: number) => Number(percentile(of(w, route), q).toFixed(1));
    const compared = routes.filter((r) => of("base", r).length > 0 && of("load", r).length > 0);
    const [at20, at200] = [`${baseRiders} riders`, `${riderCount} riders`];
    const base = (r: string) => ({ label: `p99 at ${at20}`, value: p("base", r, 99) });
    const requests = [...samples.values()].flat().length;
    const figures = [
      figure("server-errors", `5xx answers or failed requests, of ${requests}`, serverErrors, "answers", 0),
      figure("invariant-violations", "Invariant violations (3 checks)", violations.length, "violations", 0),
      // <= 10x: ten times the riders on 2 shared cores, one event loop serving gateway, handlers, chain and push.
      ...compared.map((r) => figure(`${r}.p99`, `${r} p99 at ${at200}`, p("load", r, 99), "ms", 10, base(r))),
    ];
    const latency = (r: string) => [r, ...stages.flatMap((w) => [of(w, r).length, p(w, r, 50), p(w, r, 99)])];
    const happened = (name: string) => [name, counts.get(`base|${name}`) ?? 0, counts.get(`load|${name}`) ?? 0];
    const header = ["route", `n, ${at20}`, "p50", "p99", `n, ${at200}`, "p50", "p99"];
    const counted = ["count", `${at20}, ${seconds.base} s`, `${at200}, ${seconds.load} s`];
    const tables = [
      { title: "Load: latency per route (ms)", header, rows: routes.map(latency) },
      {
        title: "Load: what happened",
        header: counted,
        rows: events.map(happened),
        notes: [...violations, ...unexpected].slice(0, 10),
      },
    ];
    return { figures, tables, data: { seconds, violations, unexpected: unexpected.slice(0, 100) } };
  } finally {
    Object.assign(run, { stopping: true, crewsDone: true });
    for (const client of clients) client.close();
    await stack.stop();
  }
}

import { describe, expect, it } from "vitest";
import type { Offer } from "./api-client";
import {
  nextOfferCard,
  noOffer,
  type OfferCardEvent,
  type OfferCardState,
  offerAnnouncement,
  secondsLeft,
} from "./offer-card";

const at = (iso: string) => Date.parse(iso);
const offeredAt = "2030-01-01T10:00:00.000Z";
const offer = (over: Partial<Offer> = {}): Offer => ({
  offerId: "01JZ0000000000000000000A01",
  rideId: "01JZ0000000000000000000001",
  unicornId: "stardust",
  pickup: { latitude: 47.6097, longitude: -122.3422 },
  dropoff: { latitude: 47.6205, longitude: -122.3493 },
  fare: { amount: 1234, currency: "USD" },
  distanceMetres: 1316,
  pickupEtaSeconds: 125,
  offeredAt,
  expiresAt: "2030-01-01T10:00:15.000Z",
  status: "OPEN",
  ...over,
});
const second = offer({
  offerId: "01JZ0000000000000000000A02",
  offeredAt: "2030-01-01T10:01:00.000Z",
  expiresAt: "2030-01-01T10:01:15.000Z",
});

/** The card after each event in turn, from none. */
const run = (...events: OfferCardEvent[]): OfferCardState => events.reduce(nextOfferCard, noOffer);
const seen = (o: Offer, now = at(offeredAt)): OfferCardEvent => ({ type: "seen", offer: o, now });

describe("the countdown to an offer's expiresAt", () => {
  it("counts whole seconds left from expiresAt, whenever the card arrived, and stops at 0", () => {
    const { expiresAt } = offer();
    expect(secondsLeft(expiresAt, at(offeredAt))).toBe(15);
    // A card pushed or read late shows what is really left, not a fresh 15.
    expect(secondsLeft(expiresAt, at("2030-01-01T10:00:06.000Z"))).toBe(9);
    // Part of a second left still counts as a second: 0 only once the offer has closed.
    expect(secondsLeft(expiresAt, at("2030-01-01T10:00:14.200Z"))).toBe(1);
    expect(secondsLeft(expiresAt, at("2030-01-01T10:00:15.000Z"))).toBe(0);
    expect(secondsLeft(expiresAt, at("2030-01-01T10:01:00.000Z"))).toBe(0);
  });
});

describe("offer events reduced into the card", () => {
  it("shows an open offer, pushed or read, once, and keeps when it arrived", () => {
    const card = run(seen(offer(), at("2030-01-01T10:00:02.000Z")));
    expect(card.offer?.offerId).toBe(offer().offerId);
    expect(card.since).toBe(at("2030-01-01T10:00:02.000Z"));
    expect(card.news).toBeNull();
    // The same offer read again (a reconnect) changes nothing said: the card's arrival time holds.
    const again = nextOfferCard(card, seen(offer(), at("2030-01-01T10:00:05.000Z")));
    expect(again.offer?.offerId).toBe(offer().offerId);
    expect(again.since).toBe(card.since);
  });

  it.each([
    ["WITHDRAWN", /^The rider cancelled/],
    ["EXPIRED", /^The offer expired/],
    ["ACCEPTED", /^You accepted the ride/],
    ["DECLINED", /^You declined the offer/],
  ] as const)("takes the card away when a %s push ends its offer, and says why", (status, said) => {
    const card = run(seen(offer()), seen(offer({ status })));
    expect(card.offer).toBeNull();
    expect(card.news?.text).toMatch(said);
    expect(card.news?.offerId).toBe(offer().offerId);
  });

  it("takes the card away when the crew's answer is taken or refused, or the clock runs out", () => {
    const id = offer().offerId;
    expect(run(seen(offer()), { type: "ended", offerId: id, why: "CLOSED" }).news?.text).toMatch(
      /^This offer has closed/,
    );
    expect(run(seen(offer()), { type: "ended", offerId: id, why: "EXPIRED" }).news?.text).toMatch(/^The offer expired/);
    expect(run(seen(offer()), { type: "ended", offerId: id, why: "ACCEPTED" }).offer).toBeNull();
  });

  it("never brings an ended offer back, whatever copy lands late", () => {
    const declined = run(seen(offer()), { type: "ended", offerId: offer().offerId, why: "DECLINED" });
    // A read that set off before the answer, and the server's own push of it: neither undoes what was said.
    expect(nextOfferCard(declined, seen(offer()))).toBe(declined);
    expect(nextOfferCard(declined, seen(offer({ status: "DECLINED" })))).toBe(declined);
    // An offer that ended before its card was ever shown stays away too.
    const early = run(seen(offer({ status: "WITHDRAWN" })), seen(offer()));
    expect(early.offer).toBeNull();
    expect(early.news).toBeNull();
  });

  it("ignores an end for another offer than the one on the card", () => {
    const card = run(seen(second, at(second.offeredAt)), seen(offer({ status: "EXPIRED" })));
    expect(card.offer?.offerId).toBe(second.offerId);
    expect(card.news).toBeNull();
  });

  it("replaces the last offer's news with the next offer", () => {
    const card = run(seen(offer()), seen(offer({ status: "EXPIRED" })), seen(second, at("2030-01-01T10:01:01.000Z")));
    expect(card.offer?.offerId).toBe(second.offerId);
    expect(card.news).toBeNull();
  });

  it("does not show an offer already over by the page's clock, and says nothing of it", () => {
    const card = run(seen(offer(), at("2030-01-01T10:00:20.000Z")));
    expect(card.offer).toBeNull();
    expect(card.news).toBeNull();
    expect(card.ended).toEqual([offer().offerId]);
  });

  it("closes the card when a read finds no offer open (it ended while no push could say how)", () => {
    const card = run(seen(offer()), { type: "none" });
    expect(card.offer).toBeNull();
    expect(card.news?.text).toMatch(/^This offer has closed/);
    expect(run({ type: "none" })).toEqual(noOffer);
  });

  it("remembers a bounded number of ended offers", () => {
    const ids = Array.from({ length: 30 }, (_, i) => `01JZ00000000000000000B${String(i).padStart(4, "0")}`);
    const card = run(...ids.map((offerId): OfferCardEvent => ({ type: "ended", offerId, why: "EXPIRED" })));
    expect(card.ended.length).toBeLessThanOrEqual(20);
    expect(card.ended.at(-1)).toBe(ids.at(-1));
  });
});

describe("the offer's announcement", () => {
  it("says the trip, the fare, the pickup and the seconds left when the card arrived", () => {
    const names = (where: Offer["pickup"]) => (where.latitude < 47.615 ? "Pike Place Market" : "Space Needle");
    expect(offerAnnouncement(offer(), at(offeredAt), names)).toBe(
      "New ride offer: Pike Place Market to Space Needle, $12.34, pickup in about 2 minutes. 15 seconds to accept.",
    );
    expect(offerAnnouncement(offer(), at("2030-01-01T10:00:14.000Z"), names)).toMatch(/ 1 second to accept\.$/);
  });
});

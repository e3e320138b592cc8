/**
 * The unicorn's open offer, kept true while on shift: read once on load and each time its live channel
 * (`/unicorns/<unicornId>`, lib/live-updates.ts) is listening again, then kept by the channel's pushes; read every few
 * seconds while the channel is not listening. The card leaves when the offer ends (a push, the crew's answer, or the
 * clock at `expiresAt`), with lib/offer-card.ts saying why. Rides pushed on the same channel are the crew's jobs changing.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { type ApiProblem, asProblem } from "./api-client";
import { whenIdle } from "./idle";
import { followUnicorn, type LiveState } from "./live-updates";
import { nextOfferCard, noOffer } from "./offer-card";
import { acceptOffer, currentOffer, declineOffer } from "./unicorn-api";

/** While the channel is not listening, an offer (open for 15 s) still shows within this long. */
const offerPollMs = 5000;

export type OfferAnswer = "accept" | "decline";

export function useOffer({
  unicornId,
  onShift,
  onJobChanged,
}: {
  /** The crew's unicorn, once GET /unicorn/me has answered: its channel is the one followed. */
  unicornId: string | null;
  onShift: boolean;
  /** A job of this unicorn changed (an accepted offer, or a ride pushed on its channel): read the current job again. */
  onJobChanged: () => void;
}) {
  const [card, dispatch] = useReducer(nextOfferCard, noOffer);
  const [busy, setBusy] = useState<OfferAnswer | null>(null);
  const [failure, setFailure] = useState<{ offerId: string; problem: ApiProblem; retry: OfferAnswer } | null>(null);
  const [live, setLive] = useState<LiveState>("off");
  // Bumped by every push and answer: a read that set off before one must not undo it.
  const changes = useRef(0);
  // A second press that lands before the re-render that marks the buttons busy must not send a second answer.
  const answering = useRef(false);
  // The page's callback, read when a push lands: a new function each render must not reopen the channel.
  const jobChanged = useRef(onJobChanged);
  const shift = useRef(onShift);
  useEffect(() => {
    jobChanged.current = onJobChanged;
    shift.current = onShift;
  });

  const read = useCallback(async () => {
    // Off shift no offer is made (dispatch passes the unicorn by), so none is asked for: the API's 404 for "none" is
    // an error in the browser's console on every visit. One still open from just before going off comes by push.
    if (!shift.current) return;
    const before = changes.current;
    try {
      const offer = await currentOffer();
      if (before !== changes.current || answering.current) return;
      dispatch(offer ? { type: "seen", offer, now: Date.now() } : { type: "none" });
    } catch {
      // A failed read changes nothing on screen: the channel, or the next read, brings the offer.
    }
  }, []);

  useEffect(() => {
    if (!unicornId) return;
    void read();
    const feed = followUnicorn(
      unicornId,
      {
        onOffer: (offer) => {
          changes.current += 1;
          dispatch({ type: "seen", offer, now: Date.now() });
        },
        onRide: () => jobChanged.current(),
        onState: setLive,
        // Whatever opened or ended while the channel was not listening was not pushed: read it once.
        onListening: () => void read(),
      },
      (go) => whenIdle(go, 2000),
    );
    return () => {
      feed?.stop();
      setLive("off");
    };
  }, [unicornId, read]);

  // No channel to hear offers on (none in this build, or reconnecting): ask, but only while offers can come.
  const polling = unicornId !== null && onShift && live !== "live";
  useEffect(() => {
    if (!polling) return;
    const timer = window.setInterval(() => void read(), offerPollMs);
    return () => window.clearInterval(timer);
  }, [polling, read]);

  // The clock ends an offer nobody answered, push or not; an answer on its way decides instead.
  const offer = card.offer;
  useEffect(() => {
    if (!offer || busy) return;
    const wait = Math.max(0, Date.parse(offer.expiresAt) - Date.now());
    const timer = window.setTimeout(() => dispatch({ type: "ended", offerId: offer.offerId, why: "EXPIRED" }), wait);
    return () => window.clearTimeout(timer);
  }, [offer, busy]);

  const answer = useCallback(
    async (how: OfferAnswer) => {
      if (!offer || answering.current) return;
      answering.current = true;
      changes.current += 1;
      setBusy(how);
      setFailure(null);
      try {
        if (how === "accept") await acceptOffer(offer.offerId);
        else await declineOffer(offer.offerId);
        dispatch({ type: "ended", offerId: offer.offerId, why: how === "accept" ? "ACCEPTED" : "DECLINED" });
        if (how === "accept") jobChanged.current();
      } catch (error) {
        const problem = asProblem(error);
        // Withdrawn, expired or answered elsewhere (409), or no longer this unicorn's (404): the card goes.
        if (problem.code === "OFFER_CLOSED" || problem.status === 404) {
          dispatch({ type: "ended", offerId: offer.offerId, why: "CLOSED" });
        } else {
          setFailure({ offerId: offer.offerId, problem, retry: how });
        }
      } finally {
        answering.current = false;
        changes.current += 1;
        setBusy(null);
      }
    },
    [offer],
  );

  // A failure belongs to the offer it was about: a new card starts clean.
  const shownFailure = failure && failure.offerId === offer?.offerId ? failure : null;
  return { card, busy, failure: shownFailure, live, answer };
}

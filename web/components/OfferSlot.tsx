/**
 * Where ride offers show on the unicorn's page: the card while one is open (components/OfferCard.tsx) and, once it
 * has gone, why. Both are said at once (an assertive live region): an offer lasts seconds. When the card leaves while
 * it has focus, focus goes to `returnFocus` (the current job, where an accepted ride now shows), not the page's start.
 */
import { type RefObject, useEffect, useRef } from "react";
import type { ApiProblem, Location } from "../lib/api-client";
import { type OfferCardState, offerAnnouncement } from "../lib/offer-card";
import type { OfferAnswer } from "../lib/use-offer";
import { pointName } from "../lib/use-point-name";
import { OfferCard } from "./OfferCard";

/** A point as the announcement says it: its name, or (with nothing to name it) not its long coordinates. */
function spoken(at: Location): string {
  const shown = pointName(at);
  return shown.named ? shown.name : "a dropped pin";
}

export function OfferSlot({
  card,
  busy,
  failure,
  onAnswer,
  returnFocus,
}: {
  card: OfferCardState;
  busy: OfferAnswer | null;
  failure: { problem: ApiProblem; retry: OfferAnswer } | null;
  onAnswer: (how: OfferAnswer) => void;
  returnFocus: RefObject<HTMLElement | null>;
}) {
  const { offer, news } = card;
  const said = offer ? offerAnnouncement(offer, card.since, spoken) : (news?.text ?? "");
  // A new node per offer and per ending: the same words twice (two offers of one trip) are still said twice.
  const saidKey = offer ? `open:${offer.offerId}` : `ended:${news?.offerId ?? ""}`;

  const offerId = offer?.offerId ?? null;
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const was = previous.current;
    previous.current = offerId;
    if (!was || offerId) return;
    // The card held focus and took it away with it: continue from the job instead of the top of the page.
    const active = document.activeElement;
    if (!active || active === document.body) returnFocus.current?.focus();
  }, [offerId, returnFocus]);

  return (
    <>
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true">
        {said ? <p key={saidKey}>{said}</p> : null}
      </div>
      {offer ? <OfferCard key={offer.offerId} offer={offer} busy={busy} failure={failure} onAnswer={onAnswer} /> : null}
      {!offer && news ? <p className="offer__news">{news.text}</p> : null}
    </>
  );
}

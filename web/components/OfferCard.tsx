/**
 * An open ride offer: the pickup and destination (as the job's rows show places), the fare, the trip's distance, how
 * soon the pickup is, and the seconds left to answer, counted from `expiresAt`. It takes focus when it appears, so the
 * crew is at Accept at once; while an answer is on its way both buttons keep focus but do nothing (aria-disabled).
 */
import { useCallback, useEffect, useRef } from "react";
import type { ApiProblem, Offer } from "../lib/api-client";
import { secondsLeft } from "../lib/offer-card";
import { formatDistance, formatDuration, formatMoney } from "../lib/ride-progress";
import { useNow } from "../lib/use-now";
import type { OfferAnswer } from "../lib/use-offer";
import { PlaceFact } from "./PlaceFact";
import { ProblemAlert } from "./ProblemAlert";

export function OfferCard({
  offer,
  busy,
  failure,
  onAnswer,
}: {
  offer: Offer;
  /** The answer on its way, if any: both buttons wait for it. */
  busy: OfferAnswer | null;
  /** The last answer failed for a reason worth another go (the network, the server). */
  failure: { problem: ApiProblem; retry: OfferAnswer } | null;
  onAnswer: (how: OfferAnswer) => void;
}) {
  const now = useNow(true);
  const left = secondsLeft(offer.expiresAt, now);
  const card = useRef<HTMLElement>(null);

  // The card takes focus when it appears (one card per offer: its key): the crew must act on it within seconds.
  useEffect(() => {
    card.current?.focus();
  }, []);

  const press = (how: OfferAnswer) => () => {
    if (!busy) onAnswer(how);
  };

  return (
    <section className="panel offer" aria-labelledby="offer-title" tabIndex={-1} ref={card}>
      <h2 id="offer-title">New ride offer</h2>
      <p className="countdown offer__countdown">
        <span role="timer" aria-live="off" className="countdown__time">
          {left}
        </span>{" "}
        {left === 1 ? "second" : "seconds"} left to accept
      </p>
      <TimeBar offer={offer} left={left} />
      <dl className="facts">
        <div>
          <dt>Fare</dt>
          <dd>{formatMoney(offer.fare)}</dd>
        </div>
        <div>
          <dt>Trip</dt>
          <dd>{formatDistance(offer.distanceMetres)}</dd>
        </div>
        <div>
          <dt>To the pickup</dt>
          <dd>{formatDuration(offer.pickupEtaSeconds)}</dd>
        </div>
        <PlaceFact term="Pickup" at={offer.pickup} />
        <PlaceFact term="Destination" at={offer.dropoff} />
      </dl>
      <div className="ride__buttons">
        <AnswerButton busy={busy} how="accept" onClick={press("accept")} primary>
          Accept
        </AnswerButton>
        <AnswerButton busy={busy} how="decline" onClick={press("decline")}>
          Decline
        </AnswerButton>
      </div>
      <ProblemAlert
        problem={failure?.problem ?? null}
        onRetry={failure ? press(failure.retry) : undefined}
        retrying={busy !== null}
      />
    </section>
  );
}

function AnswerButton(props: {
  busy: OfferAnswer | null;
  how: OfferAnswer;
  onClick: () => void;
  primary?: boolean;
  children: string;
}) {
  return (
    <button
      type="button"
      className={props.primary ? "button button--primary" : "button"}
      onClick={props.onClick}
      aria-disabled={props.busy !== null || undefined}
      aria-busy={props.busy === props.how || undefined}
    >
      {props.busy === props.how ? <span className="spinner" aria-hidden="true" /> : null}
      {props.children}
    </button>
  );
}

/** The time left as a shrinking bar: the seconds say it in words, so the bar is hidden from screen readers. */
function TimeBar({ offer, left }: { offer: Offer; left: number }) {
  const total = Math.max(1, (Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt)) / 1000);
  const share = Math.min(1, left / total);
  // Set through the CSSOM, which the site's CSP (style-src 'self') allows, as the unicorn's swatch is.
  const paint = useCallback(
    (el: HTMLSpanElement | null) => {
      el?.style.setProperty("--left", String(share));
    },
    [share],
  );
  return (
    <span className="offer__bar" aria-hidden="true">
      <span className="offer__bar-fill" ref={paint} />
    </span>
  );
}

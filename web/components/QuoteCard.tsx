/** The upfront price before requesting: fare, pickup ETA and trip time, how long the price holds, and the request. */

import {
  formatCountdown,
  formatDistance,
  formatDuration,
  formatEta,
  formatMoney,
  secondsUntil,
} from "../lib/ride-progress";
import type { QuoteState } from "../lib/use-quote";
import { ProblemAlert } from "./ProblemAlert";
import { RideFacts } from "./RideFacts";
import { ActionButton } from "./RideFrame";

export function QuoteCard({
  quote: { quote, loading, problem, refresh },
  now,
  requesting,
  onRequest,
}: {
  quote: QuoteState;
  now: number;
  requesting: boolean;
  onRequest: () => void;
}) {
  return (
    <section className="quote" aria-labelledby="quote-title" aria-busy={loading || undefined}>
      <h2 id="quote-title" className="quote__title">
        Your price
      </h2>
      {quote ? (
        <>
          <RideFacts
            className="facts"
            facts={[
              ["Fare", formatMoney(quote.fare), "quote__fare"],
              ["Pickup in", formatEta(quote.pickupEtaSeconds)],
              ["Trip time", formatDuration(quote.tripSeconds)],
              ["Distance", formatDistance(quote.distanceMetres)],
            ]}
          />
          <p className="quote__hold">
            {loading ? (
              "Getting a fresh price…"
            ) : (
              <>
                Price held for{" "}
                <span role="timer" aria-live="off">
                  {formatCountdown(secondsUntil(quote.expiresAt, now))}
                </span>
              </>
            )}
          </p>
        </>
      ) : loading ? (
        <p className="quote__hold">Getting a price…</p>
      ) : null}
      {problem ? (
        <>
          <ProblemAlert problem={problem} />
          <button type="button" className="button" onClick={refresh}>
            Get a new price
          </button>
        </>
      ) : null}
      <ActionButton busy={requesting} disabled={!quote || loading || requesting} onClick={onRequest} primary>
        Request unicorn
      </ActionButton>
    </section>
  );
}

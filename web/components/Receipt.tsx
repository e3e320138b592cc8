/**
 * The end of a ride: what it cost and how far it went, the rating (once), and the way to the next ride (the same trip
 * again when no unicorn accepted it).
 */
import { type FormEvent, type Ref, useState } from "react";
import type { Rating, Ride } from "../lib/api-client";
import { tripFacts } from "../lib/receipt";
import { formatMoney, formatWhen } from "../lib/ride-progress";
import { type Fact, RideFacts } from "./RideFacts";
import { ActionButton } from "./RideFrame";
import { StarRating } from "./StarRating";

const chargedFor: Partial<Record<Ride["status"], string>> = {
  COMPLETED: "Fare charged",
  CANCELLED: "Cancellation fee",
  NO_SHOW: "No-show fee",
};

export function Receipt({
  ride,
  rating,
  onRate,
  onAnotherRide,
  headingRef,
  anotherRef,
}: {
  /** The ride as the clock has it now: COMPLETED, CANCELLED or NO_SHOW. */
  ride: Ride;
  rating: "idle" | "sending";
  onRate: (rating: Rating) => void;
  onAnotherRide: () => void;
  headingRef?: Ref<HTMLHeadingElement>;
  anotherRef?: Ref<HTMLButtonElement>;
}) {
  const [stars, setStars] = useState<Rating | null>(null);
  const [missing, setMissing] = useState(false);
  const charged = ride.charged ?? { amount: 0, currency: "USD" as const };
  const completed = ride.status === "COMPLETED";
  const endedAt = ride.completedAt ?? ride.cancelledAt ?? ride.noShowAt;
  // No unicorn ever accepted: nothing was a fee, and the same trip can be asked for again.
  const unanswered = ride.cancelReason === "NO_UNICORN_ACCEPTED";
  const facts: Fact[] = [[(!unanswered && chargedFor[ride.status]) || "Charged", formatMoney(charged)]];
  if (completed) facts.push(...tripFacts(ride));
  if (endedAt) facts.push([completed ? "Arrived" : "Ended", formatWhen(endedAt)]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setMissing(stars === null);
    if (stars !== null) onRate(stars);
  }

  return (
    <div className="receipt">
      {/* The rating and the next ride come before the figures: on a phone they stay on screen. */}
      <h3 className="receipt__title" tabIndex={-1} ref={headingRef}>
        Receipt
      </h3>
      {completed && ride.rating ? (
        <p className="receipt__rated">Your rating: {ride.rating} of 5 stars. Thank you!</p>
      ) : null}
      {completed && !ride.rating ? (
        <form className="status__actions" onSubmit={onSubmit} noValidate>
          <StarRating
            value={stars}
            onChange={(value) => {
              setStars(value);
              setMissing(false);
            }}
            disabled={rating === "sending"}
            error={missing ? "Choose from 1 to 5 stars first." : undefined}
          />
          <ActionButton busy={rating === "sending"} disabled={rating === "sending"} submit>
            Send rating
          </ActionButton>
        </form>
      ) : null}
      <button type="button" className="button button--primary" onClick={onAnotherRide} ref={anotherRef}>
        {unanswered ? "Request this trip again" : "Request another ride"}
      </button>
      <RideFacts facts={facts} className="facts facts--stacked" />
    </div>
  );
}

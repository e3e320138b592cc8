/** Where the rider's ride stands: announced politely once per change, with a silent live countdown beside it. */
import { OfferRules } from "@wildrydes/core/rules/ride-clock";
import { type ReactNode, type Ref, useState } from "react";
import type { Ride } from "../lib/api-client";
import { noUnicornAccepted } from "../lib/receipt";
import {
  boardingMinutes,
  formatCountdown,
  formatEta,
  formatMoney,
  hasUnicorn,
  rideAt,
  secondsUntil,
  statusLabels,
} from "../lib/ride-progress";
import { PlaceFact } from "./PlaceFact";
import { AssignedUnicornStats } from "./UnicornStats";

const stars = (n: number) => (n === 1 ? "1 star" : `${n} stars`);

/** One sentence per state, not per second: `since` is when the ride entered its state, so the text holds still. */
export function announcement(ride: Ride, since: number): string {
  const charged = ride.charged && ride.charged.amount > 0 ? formatMoney(ride.charged) : null;
  // No unicorn has accepted (yet): still asking, or the asking ended without one.
  if (!hasUnicorn(ride)) {
    if (ride.status === "DISPATCHING") return finding;
    return ride.cancelReason === "NO_UNICORN_ACCEPTED" ? noUnicornAccepted : "Ride cancelled at no charge.";
  }
  const { name, color } = ride.unicorn;
  switch (ride.status) {
    case "DISPATCHING":
      return finding;
    case "EN_ROUTE":
      return `${name}, the ${color.toLowerCase()} unicorn, is on the way — arrives in ${formatEta(secondsUntil(ride.arrivesAt, since))}.`;
    case "ARRIVED":
      return `${name} has arrived at your pickup. Board within ${boardingMinutes(ride)} minutes.`;
    case "IN_PROGRESS":
      return `You're on board. ${name} is flying you to your destination — ${formatEta(secondsUntil(ride.dropoffAt ?? ride.arrivesAt, since))} to go.`;
    case "COMPLETED":
      return ride.rating
        ? `You've arrived. You gave ${name} ${stars(ride.rating)}.`
        : `You've arrived. Thanks for riding with ${name}.`;
    case "CANCELLED":
      return charged
        ? `Ride cancelled. A ${charged} cancellation fee was charged.`
        : `Ride cancelled at no charge. ${name} is free again.`;
    case "NO_SHOW":
      return `${name} waited ${boardingMinutes(ride)} minutes and had to leave: a ${charged ?? "$0.00"} no-show fee was charged.`;
  }
}

const finding = `Finding your unicorn… It can take up to ${OfferRules.dispatchSeconds} seconds, and cancelling is free until one accepts.`;

const countdowns: Partial<Record<Ride["status"], [string, (ride: Ride) => string | null | undefined]>> = {
  EN_ROUTE: ["Arrives in", (ride) => ride.arrivesAt],
  ARRIVED: ["Board within", (ride) => ride.boardBy],
  IN_PROGRESS: ["At your destination in", (ride) => ride.dropoffAt],
};

export function RideStatusPanel({
  ride,
  now,
  message,
  headingRef,
  children,
}: {
  /** The ride as last read; the panel shows it as the clock has it now. */
  ride: Ride | null;
  now: number;
  /** Said while no ride is shown (planning, loading). */
  message: string;
  /** Focus lands here after a request, a cancel or a finished ride, so keyboard riders continue from the news. */
  headingRef?: Ref<HTMLHeadingElement>;
  children?: ReactNode;
}) {
  const view = ride ? rideAt(ride, now) : null;
  const key = view ? `${view.rideId}:${view.status}` : "none";
  // When the ride entered its state: derived during render, so the sentence is computed once per change. The clock
  // read here, not `now`: after a reload the ride lands before the page's clock ticks, and the countdown then agrees.
  const [entered, setEntered] = useState(() => ({ key, at: Date.now() }));
  if (entered.key !== key) setEntered({ key, at: Math.max(now, Date.now()) });
  const countdown = view ? countdowns[view.status] : undefined;
  const until = view && countdown ? countdown[1](view) : undefined;
  return (
    <section className={`status status--${view?.status.toLowerCase() ?? "planning"}`} aria-labelledby="status-title">
      <h2 id="status-title" className="status__title" tabIndex={-1} ref={headingRef}>
        Ride status
      </h2>
      <p className="status__message" role="status">
        {/* Something is happening while no unicorn has answered: the words say it, the spinner only shows it. */}
        {view?.status === "DISPATCHING" ? <span className="spinner" aria-hidden="true" /> : null}
        {view ? announcement(view, entered.key === key ? entered.at : Math.max(now, Date.now())) : message}
      </p>
      {countdown && until ? (
        <p className="countdown">
          {countdown[0]}{" "}
          <span role="timer" aria-live="off" className="countdown__time">
            {formatCountdown(secondsUntil(until, now))}
          </span>
        </p>
      ) : null}
      {children}
      {view ? (
        <dl className="facts">
          {view.unicorn ? (
            <>
              <div>
                <dt>Unicorn</dt>
                <dd>{view.unicorn.name}</dd>
              </div>
              <div>
                <dt>Colour</dt>
                <dd>{view.unicorn.color}</dd>
              </div>
              <AssignedUnicornStats rideId={view.rideId} name={view.unicorn.name} />
            </>
          ) : null}
          <div>
            <dt>Status</dt>
            <dd>
              <span className={`badge badge--${view.status.toLowerCase()}`}>{statusLabels[view.status]}</span>
            </dd>
          </div>
          <div>
            <dt>Fare</dt>
            <dd>{formatMoney(view.fare)}</dd>
          </div>
          <PlaceFact term="Pickup" at={view.pickup} />
          <PlaceFact term="Destination" at={view.dropoff} />
        </dl>
      ) : null}
    </section>
  );
}

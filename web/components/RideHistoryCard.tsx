/** One ride in the rider's history: who (or that no unicorn accepted), when, where from and to, what it cost, how far and how long. */
import type { Ref } from "react";
import type { Ride } from "../lib/api-client";
import { amountDue, ratingText, tripFacts, unicornLabel } from "../lib/receipt";
import { formatPlace, formatWhen } from "../lib/ride-progress";
import { PageLink } from "./PageLink";
import { type Fact, RideFacts, StatusBadge } from "./RideFacts";

export function RideHistoryCard({ ride, linkRef }: { ride: Ride; linkRef?: Ref<HTMLAnchorElement> }) {
  const due = amountDue(ride);
  const rating = ratingText(ride);
  const facts: Fact[] = [[due.label, due.amount], ...tripFacts(ride)];
  if (rating) facts.push(["Rating", rating]);
  return (
    <li className="ride-card">
      <PageLink href={`/rides/?id=${encodeURIComponent(ride.rideId)}`} className="ride-card__link" ref={linkRef}>
        {unicornLabel(ride)}, {formatWhen(ride.requestedAt)}
      </PageLink>
      <StatusBadge status={ride.status} />
      <RideRoute ride={ride} />
      <RideFacts facts={facts} className="history-facts" />
    </li>
  );
}

/** "pickup → dropoff", read aloud as "pickup to dropoff". */
export function RideRoute({ ride }: { ride: Pick<Ride, "pickup" | "dropoff"> }) {
  return (
    <p className="history-route">
      {formatPlace(ride.pickup)}
      <span aria-hidden="true"> → </span>
      <span className="visually-hidden"> to </span>
      {formatPlace(ride.dropoff)}
    </p>
  );
}

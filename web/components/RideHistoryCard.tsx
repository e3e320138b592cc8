/** One ride in the rider's history: who, when, where from and to, what it cost, how far and how long. */
import type { Ref } from "react";
import type { Ride } from "../lib/api";
import { amountDue, ratingText } from "../lib/receipt";
import { formatDistance, formatDuration, formatPlace, formatWhen } from "../lib/ride-progress";
import { PageLink } from "./PageLink";
import { StatusBadge } from "./RideFacts";

export function RideHistoryCard({ ride, linkRef }: { ride: Ride; linkRef?: Ref<HTMLAnchorElement> }) {
  const due = amountDue(ride);
  const rating = ratingText(ride);
  const facts: Array<[string, string]> = [
    [due.label, due.amount],
    ["Distance", formatDistance(ride.distanceMetres)],
    ["Trip time", formatDuration(ride.tripSeconds)],
  ];
  if (rating) facts.push(["Rating", rating]);
  return (
    <li className="ride-card">
      <PageLink href={`/rides/?id=${encodeURIComponent(ride.rideId)}`} className="ride-card__link" ref={linkRef}>
        {ride.unicorn.name}, {formatWhen(ride.requestedAt)}
      </PageLink>
      <StatusBadge status={ride.status} />
      <RideRoute ride={ride} />
      <dl className="history-facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
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

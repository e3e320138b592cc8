/** A ride's receipt: the trip, what it cost and why, and when each step happened. */
import { Fares } from "@wildrydes/core/rules/fares";
import { RideClock } from "@wildrydes/core/rules/ride-clock";
import type { Ride } from "../lib/api-client";
import { chargeReason, ratingText, tripFacts, unicornLabel } from "../lib/receipt";
import { formatPlace, formatWhen } from "../lib/ride-progress";
import { type Fact, RideFacts, StatusBadge } from "./RideFacts";

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatWhen(iso)}</time>;
}

/** The moments of a ride that happened (or, for the dropoff of a ride under way, are due), in order. */
function moments(ride: Ride): Fact[] {
  const rows: Fact[] = [["Requested", <When key="r" iso={ride.requestedAt} />]];
  if (ride.acceptedAt) rows.push(["Accepted", <When key="a" iso={ride.acceptedAt} />]);
  if (ride.boardedAt) rows.push(["Boarded", <When key="b" iso={ride.boardedAt} />]);
  if (ride.dropoffAt) {
    rows.push([ride.status === "COMPLETED" ? "Dropped off" : "Drops off", <When key="d" iso={ride.dropoffAt} />]);
  } else if (ride.completedAt) {
    rows.push(["Completed", <When key="c" iso={ride.completedAt} />]);
  }
  if (ride.cancelledAt) rows.push(["Cancelled", <When key="x" iso={ride.cancelledAt} />]);
  if (ride.noShowAt) rows.push(["Marked no-show", <When key="n" iso={ride.noShowAt} />]);
  return rows;
}

export function RideHistoryReceipt({ ride }: { ride: Ride }) {
  const rating = ratingText(ride);
  const reason = chargeReason(ride);
  const rows: Fact[] = [
    ["Status", <StatusBadge key="status" status={ride.status} />],
    ["Unicorn", ride.unicorn ? `${ride.unicorn.name} (${ride.unicorn.color})` : unicornLabel(ride)],
    ["Pickup", formatPlace(ride.pickup)],
    ["Dropoff", formatPlace(ride.dropoff)],
    ...tripFacts(ride),
    ["Fare", Fares.format(ride.fare)],
    ["Charged", ride.charged ? Fares.format(ride.charged) : "Nothing yet: charged when the ride ends"],
    ...moments(ride),
  ];
  if (rating) rows.push(["Your rating", rating]);
  const ended = !RideClock.isActive(ride.status);
  return (
    <section aria-labelledby="receipt-title">
      <h2 id="receipt-title">{ended ? "Receipt" : "Your trip so far"}</h2>
      <RideFacts facts={rows} className="facts facts--stacked" />
      {reason ? <p className="history-note">{reason}</p> : null}
    </section>
  );
}

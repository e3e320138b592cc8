/** A ride's facts as a description list, and its status as a text badge (colour is never the only signal). */
import type { ReactNode } from "react";
import type { Ride, RideStatus } from "../lib/api";
import {
  formatDistance,
  formatDuration,
  formatMoney,
  formatPlace,
  formatWhen,
  statusLabels,
} from "../lib/ride-progress";

export function StatusBadge({ status }: { status: RideStatus }) {
  return <span className={`badge badge--${status.toLowerCase()}`}>{statusLabels[status]}</span>;
}

const arrivalLabel: Record<RideStatus, string> = {
  EN_ROUTE: "Arrives",
  ARRIVED: "Arrived",
  IN_PROGRESS: "Arrived",
  COMPLETED: "Arrived",
  CANCELLED: "Was due",
  NO_SHOW: "Arrived",
};

export function RideFacts({ ride }: { ride: Ride }) {
  const rows: Array<[string, ReactNode]> = [
    ["Status", <StatusBadge key="status" status={ride.status} />],
    ["Unicorn", `${ride.unicorn.name} (${ride.unicorn.color})`],
    ["Pickup", formatPlace(ride.pickup)],
    ["Destination", formatPlace(ride.dropoff)],
    ["Trip", `${formatDistance(ride.distanceMetres)}, ${formatDuration(ride.tripSeconds)}`],
    ["Fare", formatMoney(ride.fare)],
    ["Requested", formatWhen(ride.requestedAt)],
    [arrivalLabel[ride.status], formatWhen(ride.arrivesAt)],
  ];
  if (ride.boardedAt) rows.push(["Boarded", formatWhen(ride.boardedAt)]);
  if (ride.completedAt) rows.push(["Completed", formatWhen(ride.completedAt)]);
  if (ride.cancelledAt) rows.push(["Cancelled", formatWhen(ride.cancelledAt)]);
  if (ride.noShowAt) rows.push(["Not boarded by", formatWhen(ride.noShowAt)]);
  if (ride.charged) rows.push(["Charged", formatMoney(ride.charged)]);
  if (ride.status === "COMPLETED") {
    rows.push(["Your rating", ride.rating ? `${ride.rating} of 5 stars` : "Not rated"]);
  }
  return (
    <dl className="facts facts--stacked">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

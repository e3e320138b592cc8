/** A ride's facts as a description list, and its status as a text badge (colour is never the only signal). */
import type { ReactNode } from "react";
import type { RideStatus } from "../lib/api-client";
import { statusLabels } from "../lib/ride-progress";

export function StatusBadge({ status }: { status: RideStatus }) {
  return <span className={`badge badge--${status.toLowerCase()}`}>{statusLabels[status]}</span>;
}

/** One line of facts: the term, its value, and a class for the value where it stands out (e.g. the fare). */
export type Fact = readonly [term: string, value: ReactNode, valueClass?: string];

/** Facts as `<dt>`/`<dd>` pairs, each pair in its own `<div>`: the receipt, the history card, the price. */
export function RideFacts({ facts, className }: { facts: readonly Fact[]; className: string }) {
  return (
    <dl className={className}>
      {facts.map(([term, value, valueClass]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd className={valueClass}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

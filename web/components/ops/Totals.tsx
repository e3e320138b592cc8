/** The range's totals as big numbers: rides requested, how they ended, and the revenue. */
import { formatCount, formatMoney, formatShare } from "../../lib/ops/format";
import type { Counters } from "../../lib/ops/metrics";
import styles from "./ops.module.css";

export function Totals({ totals }: { totals: Counters }) {
  const share = (part: number) => formatShare(part, totals.requested);
  const figures: Array<{ term: string; value: string; note?: string | null }> = [
    { term: "Rides requested", value: formatCount(totals.requested) },
    { term: "Completed", value: formatCount(totals.completed), note: share(totals.completed) },
    { term: "Cancelled", value: formatCount(totals.cancelled), note: share(totals.cancelled) },
    { term: "No-shows", value: formatCount(totals.noShows), note: share(totals.noShows) },
    { term: "Revenue", value: formatMoney(totals.revenue) },
  ];
  return (
    <section className={styles.totals} aria-labelledby="ops-totals-title">
      <h2 id="ops-totals-title" className="visually-hidden">
        Totals
      </h2>
      <dl className={styles.figures}>
        {figures.map(({ term, value, note }) => (
          <div key={term} className={styles.figure}>
            <dt>{term}</dt>
            <dd>
              <span className={styles.big}>{value}</span>
              {note ? <span className={styles.share}>{note} of requested</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

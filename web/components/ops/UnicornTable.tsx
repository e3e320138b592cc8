/**
 * The unicorns of the range: rides, revenue and time busy, sorted by any column. Each column header is a button (so
 * Tab and Enter or Space sort it), and `aria-sort` says which column sorts the table and which way.
 */
import { useState } from "react";
import { formatCount, formatDuration, formatMoney, formatShare } from "../../lib/ops/format";
import {
  firstDirection,
  type SortDirection,
  sortUnicorns,
  type UnicornMetrics,
  type UnicornSortKey,
  unicornRows,
} from "../../lib/ops/metrics";
import styles from "./ops.module.css";

const columns: Array<{ key: UnicornSortKey; label: string; numeric: boolean }> = [
  { key: "name", label: "Unicorn", numeric: false },
  { key: "rides", label: "Rides", numeric: true },
  { key: "revenue", label: "Revenue", numeric: true },
  { key: "busySeconds", label: "Busy time", numeric: true },
];

const orderWords = (key: UnicornSortKey, direction: SortDirection) =>
  key === "name"
    ? direction === "ascending"
      ? "A to Z"
      : "Z to A"
    : direction === "descending"
      ? "most first"
      : "fewest first";

export function UnicornTable({ unicorns, rangeSeconds }: { unicorns: UnicornMetrics[]; rangeSeconds: number }) {
  const [sort, setSort] = useState<{ key: UnicornSortKey; direction: SortDirection }>({
    key: "rides",
    direction: "descending",
  });
  const rows = sortUnicorns(unicornRows(unicorns), sort.key, sort.direction);
  const sortedBy = columns.find((c) => c.key === sort.key)?.label.toLowerCase() ?? sort.key;

  function sortBy(key: UnicornSortKey) {
    setSort((was) =>
      was.key === key
        ? { key, direction: was.direction === "ascending" ? "descending" : "ascending" }
        : { key, direction: firstDirection(key) },
    );
  }

  return (
    <section className={`panel ${styles.wide}`} aria-labelledby="ops-unicorns-title">
      <h2 id="ops-unicorns-title" className={styles.panelTitle}>
        Unicorns
      </h2>
      {rows.length === 0 ? (
        <p className={styles.emptyNote}>No unicorn flew a ride in this range.</p>
      ) : (
        <>
          <p className={styles.summary}>
            Choose a column's heading to sort the table by it; choose it again to reverse.
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls, so it takes the focus */}
          <section className={styles.tableBox} tabIndex={0} aria-labelledby="ops-unicorns-caption">
            <table className={styles.table}>
              <caption id="ops-unicorns-caption" className={styles.caption}>
                Unicorns by {sortedBy}, {orderWords(sort.key, sort.direction)}
              </caption>
              <thead>
                <tr>
                  {columns.map((column) => {
                    const active = sort.key === column.key;
                    return (
                      <th
                        key={column.key}
                        scope="col"
                        aria-sort={active ? sort.direction : undefined}
                        className={column.numeric ? styles.number : undefined}
                      >
                        <button type="button" className={styles.sort} onClick={() => sortBy(column.key)}>
                          {column.label}
                          <SortMark direction={active ? sort.direction : null} />
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const busyShare = formatShare(row.busySeconds, rangeSeconds);
                  return (
                    <tr key={row.unicornId}>
                      <th scope="row">{row.name}</th>
                      <td className={styles.number}>{formatCount(row.rides)}</td>
                      <td className={styles.number}>{formatMoney(row.revenue)}</td>
                      <td className={styles.number}>
                        {formatDuration(row.busySeconds)}
                        {busyShare ? <span className={styles.share}> ({busyShare})</span> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        </>
      )}
    </section>
  );
}

/** ▲ ascending, ▼ descending, ↕ sortable: drawn, since the header's aria-sort already says it in words. */
function SortMark({ direction }: { direction: SortDirection | null }) {
  const path =
    direction === "ascending"
      ? "M2 9l4-5 4 5z"
      : direction === "descending"
        ? "M2 4l4 5 4-5z"
        : "M3 5l3-3 3 3zM3 8l3 3 3-3z";
  return (
    <svg width="12" height="12" viewBox="0 0 12 13" aria-hidden="true" focusable="false" className={styles.sortMark}>
      <path d={path} fill="currentColor" />
    </svg>
  );
}

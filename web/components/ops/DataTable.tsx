/**
 * A chart's figures as a table: in the accessibility tree always, on screen when the operator asks ("Show as table").
 * Shown, a long table scrolls in a box of its own, which takes the focus so it scrolls by keyboard too.
 */
import styles from "./ops.module.css";

export interface TableData {
  caption: string;
  /** The first names the row headers' column ("Hour", "Day"). */
  columns: string[];
  rows: Array<{ key: string; header: string; cells: string[] }>;
}

export function DataTable({ table, shown }: { table: TableData; shown: boolean }) {
  const body = (
    <table className={styles.table}>
      <caption className={styles.caption}>{table.caption}</caption>
      <thead>
        <tr>
          {table.columns.map((column, i) => (
            <th key={column} scope="col" className={i > 0 ? styles.number : undefined}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.header}</th>
            {row.cells.map((cell, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells are its columns, in order
              <td key={i} className={styles.number}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (!shown) return <div className="visually-hidden">{body}</div>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must be reachable by keyboard (WCAG 2.1.1)
    <section className={styles.tableBox} tabIndex={0} aria-label={`Table: ${table.caption}`}>
      {body}
    </section>
  );
}

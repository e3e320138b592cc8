/**
 * The dashboard's range: the last 24 hours, 7 days or 30 days (shown as soon as picked), or a custom from/to checked
 * as the API checks it (lib/ops/range.ts) before it is asked for; and the bucket, hours or days, which the range picks
 * and the operator may change.
 */
import { type FormEvent, useId, useRef, useState } from "react";
import {
  type Bucket,
  fromLocalInput,
  presetKeys,
  presets,
  type Range,
  type RangeChoice,
  type RangeProblem,
  toLocalInput,
  validateRange,
} from "../../lib/ops/range";
import styles from "./ops.module.css";

interface Props {
  choice: RangeChoice;
  bucket: Bucket;
  /** The range on screen now, to start a custom one from. */
  shown: Range | null;
  onChoice: (choice: RangeChoice) => void;
  onBucket: (bucket: Bucket) => void;
}

export function RangePicker({ choice, bucket, shown, onChoice, onBucket }: Props) {
  const id = useId();
  const [custom, setCustom] = useState(choice.kind === "custom");
  const start = choice.kind === "custom" ? choice : shown;
  const [from, setFrom] = useState(start ? toLocalInput(start.from) : "");
  const [to, setTo] = useState(start ? toLocalInput(start.to) : "");
  const [problems, setProblems] = useState<RangeProblem[]>([]);
  const fields = { from: useRef<HTMLInputElement>(null), to: useRef<HTMLInputElement>(null) };
  const selected: string = custom ? "custom" : choice.kind === "preset" ? choice.preset : "custom";

  function pickCustom() {
    setCustom(true);
    setProblems([]);
    // Start from what is on screen, so a small change is a small edit.
    if (shown && choice.kind === "preset") {
      setFrom(toLocalInput(shown.from));
      setTo(toLocalInput(shown.to));
    }
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    const [start, end] = [fromLocalInput(from), fromLocalInput(to)];
    const found = validateRange(start, end);
    setProblems(found);
    const [first] = found;
    if (first) {
      fields[first.field].current?.focus();
      return;
    }
    if (start && end) onChoice({ kind: "custom", from: start, to: end });
  }

  const problemOf = (field: RangeProblem["field"]) => problems.find((p) => p.field === field)?.message;

  return (
    <form className={`panel ${styles.picker}`} aria-label="Range" onSubmit={apply} noValidate>
      <fieldset className={styles.choices}>
        <legend className={styles.legendTitle}>Range</legend>
        {presetKeys.map((key) => (
          <label key={key} className={styles.choice}>
            <input
              type="radio"
              name={`${id}-range`}
              value={key}
              checked={selected === key}
              onChange={() => {
                setCustom(false);
                setProblems([]);
                onChoice({ kind: "preset", preset: key });
              }}
            />
            {presets[key].label}
          </label>
        ))}
        <label className={styles.choice}>
          <input
            type="radio"
            name={`${id}-range`}
            value="custom"
            checked={selected === "custom"}
            onChange={pickCustom}
          />
          Custom
        </label>
      </fieldset>
      {selected === "custom" ? (
        <div className={styles.custom}>
          <p id={`${id}-rules`} className={`field__hint ${styles.customHint}`}>
            In your time zone, up to 31 days.
          </p>
          {(["from", "to"] as const).map((field) => {
            const problem = problemOf(field);
            return (
              <div key={field} className={`field ${styles.customField} ${problem ? "field--invalid" : ""}`}>
                <label htmlFor={`${id}-${field}`}>{field === "from" ? "From" : "To"}</label>
                <input
                  ref={fields[field]}
                  id={`${id}-${field}`}
                  type="datetime-local"
                  value={field === "from" ? from : to}
                  onChange={(event) => (field === "from" ? setFrom : setTo)(event.target.value)}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `${id}-${field}-error ${id}-rules` : `${id}-rules`}
                  required
                />
                {problem ? (
                  <p id={`${id}-${field}-error`} className="field__error">
                    {problem}
                  </p>
                ) : null}
              </div>
            );
          })}
          <button type="submit" className={`button button--primary ${styles.apply}`}>
            Show this range
          </button>
        </div>
      ) : null}
      <fieldset className={styles.choices}>
        <legend className={styles.legendTitle}>Group by</legend>
        {(["hour", "day"] as const).map((b) => (
          <label key={b} className={styles.choice}>
            <input type="radio" name={`${id}-bucket`} value={b} checked={bucket === b} onChange={() => onBucket(b)} />
            {b === "hour" ? "Hour" : "Day"}
          </label>
        ))}
      </fieldset>
    </form>
  );
}

/** A 1–5 star rating as a native radio group: arrow keys move between stars, and each star has a spoken name. */
import type { Rating } from "../lib/api-client";

const stars: Rating[] = [1, 2, 3, 4, 5];

export function StarRating({
  value,
  onChange,
  disabled = false,
  error,
}: {
  value: Rating | null;
  onChange: (rating: Rating) => void;
  disabled?: boolean;
  error?: string;
}) {
  return (
    <fieldset className="stars" disabled={disabled} aria-describedby={error ? "stars-error" : undefined}>
      <legend className="stars__legend">Rate your ride</legend>
      <div className="stars__row">
        {stars.map((star) => (
          <label key={star} className={value !== null && star <= value ? "star star--on" : "star"}>
            <input
              type="radio"
              name="rating"
              value={star}
              checked={value === star}
              onChange={() => onChange(star)}
              className="star__input"
            />
            <span aria-hidden="true" className="star__glyph">
              ★
            </span>
            <span className="visually-hidden">{star === 1 ? "1 star" : `${star} stars`}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p id="stars-error" className="field__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

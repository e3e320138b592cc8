/** A unicorn's figures from its completed rides: its average rating (drawn as a star, said in words) and its rides. */
import { useEffect, useState } from "react";
import { type FleetMember, unicornStats } from "../lib/api-client";

type Stats = Pick<FleetMember, "rating" | "ratings" | "rides">;

const ratingsText = (n: number) => (n === 1 ? "1 rating" : `${n} ratings`);

/** "4.5 ★ (12 ratings)" on screen, "4.5 out of 5 stars, from 12 ratings" aloud; "Not rated yet" before any rating. */
export function UnicornRating({ rating, ratings }: Pick<Stats, "rating" | "ratings">) {
  if (rating === null) return <span className="unicorn-rating unicorn-rating--none">Not rated yet</span>;
  const average = rating.toFixed(1);
  return (
    <span className="unicorn-rating">
      <span aria-hidden="true">
        {average} <span className="unicorn-rating__star">★</span> ({ratingsText(ratings)})
      </span>
      <span className="visually-hidden">
        {average} out of 5 stars, from {ratingsText(ratings)}
      </span>
    </span>
  );
}

/** The figures as terms of a description list: the caller owns the <dl>, so they sit beside its other facts. */
export function UnicornStatRows({ stats }: { stats: Stats }) {
  return (
    <>
      <div>
        <dt>Rating</dt>
        <dd>
          <UnicornRating rating={stats.rating} ratings={stats.ratings} />
        </dd>
      </div>
      <div>
        <dt>Completed rides</dt>
        <dd>{stats.rides}</dd>
      </div>
    </>
  );
}

/** The assigned unicorn's figures, read once per ride shown; nothing while loading or if the read fails. */
export function AssignedUnicornStats({ rideId, name }: { rideId: string; name: string }) {
  const [read, setRead] = useState<{ rideId: string; stats: Stats } | null>(null);
  useEffect(() => {
    let current = true;
    unicornStats(name)
      .then((stats) => {
        if (current && stats) setRead({ rideId, stats });
      })
      // The figures are a nicety: the ride reads fine without them, so a failed read shows nothing.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [rideId, name]);
  return read?.rideId === rideId ? <UnicornStatRows stats={read.stats} /> : null;
}

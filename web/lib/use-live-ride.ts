/**
 * The rider's ride, kept true: resumed from the newest ride on load, re-read when the ride clock says a state is
 * due (and every few seconds for changes made elsewhere), and again when the tab comes back into view.
 */
import { RideClock } from "@wildrydes/core/rules/ride-clock";
import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import { type ApiProblem, asProblem, currentRide, getRide, type Ride } from "./api-client";
import { isActive, nextChangeAt } from "./ride-progress";

/** Changes made in another tab or device show within this long. */
const pollMs = 10_000;

export function useLiveRide() {
  const [ride, setRideState] = useState<Ride | null>(null);
  const [checking, setChecking] = useState(true);
  const [loadProblem, setLoadProblem] = useState<ApiProblem | null>(null);
  // Bumped on every change: a re-read that set off before an action's answer must not undo it.
  const generation = useRef(0);
  const latest = useRef<Ride | null>(null);

  const setRide = useCallback((next: Ride | null) => {
    generation.current += 1;
    latest.current = next;
    setRideState(next);
  }, []);

  /** Reads the ride again unless something newer has landed meanwhile. */
  const reread = useCallback(
    async (rideId: string) => {
      const started = generation.current;
      const fresh = await getRide(rideId);
      if (started === generation.current) setRide(fresh);
    },
    [setRide],
  );

  /** Picks up the rider's active ride (another tab's, a reload's); none is the usual answer. */
  const resume = useCallback(
    async (quietly = false) => {
      if (!quietly) setChecking(true);
      setLoadProblem(null);
      const started = generation.current;
      try {
        const found = await currentRide();
        // The page that follows (a ride, or the planner) renders as a transition, in slices.
        startTransition(() => {
          if (found && started === generation.current) setRide(found);
          setChecking(false);
        });
      } catch (error) {
        if (!quietly) setLoadProblem(asProblem(error));
        setChecking(false);
      }
    },
    [setRide],
  );

  useEffect(() => {
    void resume();
  }, [resume]);

  useEffect(() => {
    if (!ride || !RideClock.isActive(ride.status)) return;
    const now = Date.now();
    const due = nextChangeAt(ride, now);
    // Ended by the clock but not yet by the last answer: ask again soon for the final word (charged, times).
    const wait = isActive(ride, now)
      ? Math.min(pollMs, Math.max(300, (due ?? Number.POSITIVE_INFINITY) - now + 300))
      : 1000;
    let live = true;
    let timer = window.setTimeout(function read() {
      reread(ride.rideId).catch(() => {
        if (live) timer = window.setTimeout(read, 5000);
      });
    }, wait);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [ride, reread]);

  useEffect(() => {
    const onBack = () => {
      if (document.visibilityState !== "visible") return;
      const shown = latest.current;
      if (!shown) void resume(true);
      else if (RideClock.isActive(shown.status)) reread(shown.rideId).catch(() => undefined);
    };
    document.addEventListener("visibilitychange", onBack);
    return () => document.removeEventListener("visibilitychange", onBack);
  }, [resume, reread]);

  return { ride, setRide, checking, loadProblem, resume, reread };
}

/**
 * The rider's ride, kept true: resumed from the newest ride on load, then kept by the pushes of the rider's live
 * channel (lib/live-updates.ts) while it is listening, with no request. While it is not (still connecting, lost, or
 * no events endpoint in this build), the ride is re-read when the ride clock says a state is due and every few seconds
 * for changes made elsewhere; once the channel is listening again it is read once, so nothing in between is missed.
 * Arrival and drop-off come from the ride clock either way, so the countdown needs no request.
 */
import { RideClock } from "@wildrydes/core/rules/ride-clock";
import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import { type ApiProblem, asProblem, currentRide, getRide, type Ride } from "./api-client";
import { whenIdle } from "./idle";
import { followRider, type LiveFeed, type LiveState } from "./live-updates";
import { isActive, nextChangeAt, supersedes } from "./ride-progress";

/** Changes made in another tab or device show within this long while the live channel is not listening. */
const pollMs = 10_000;
/** While a unicorn is being found: offers are answered within seconds, so the rider hears of it sooner. */
const dispatchPollMs = 3000;

/**
 * `expecting`: the rider is about to book (a price is in front of them), so the channel opens before the ride exists
 * and its first change arrives by push too.
 */
export function useLiveRide({ expecting = false }: { expecting?: boolean } = {}) {
  const [ride, setRideState] = useState<Ride | null>(null);
  const [checking, setChecking] = useState(true);
  const [loadProblem, setLoadProblem] = useState<ApiProblem | null>(null);
  const [live, setLive] = useState<LiveState>("off");
  // Bumped on every change: a re-read that set off before an action's answer must not undo it.
  const generation = useRef(0);
  const latest = useRef<Ride | null>(null);
  // Bumped each time the live channel starts listening: a read that set off before may have missed a push.
  const listening = useRef(0);
  const feed = useRef<LiveFeed | null>(null);

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
      const epoch = listening.current;
      try {
        const found = await currentRide();
        // The page that follows (a ride, or the planner) renders as a transition, in slices.
        startTransition(() => {
          if (found && started === generation.current) setRide(found);
          setChecking(false);
        });
        // The channel started listening while this read was under way: what it missed, the next read has.
        if (found && latest.current === found && epoch !== listening.current) {
          reread(found.rideId).catch(() => undefined);
        }
      } catch (error) {
        if (!quietly) setLoadProblem(asProblem(error));
        setChecking(false);
      }
    },
    [setRide, reread],
  );

  useEffect(() => {
    void resume();
  }, [resume]);

  // The rider's live channel: opened once there is a ride to follow or about to be one, after first paint when the
  // browser is idle, and kept while the page is open. Not before: it loads Amplify, which a visit to look around or
  // plan a trip does without (docs/decisions/0002).
  const [follow, setFollow] = useState(false);
  if (!follow && (ride !== null || expecting)) setFollow(true);
  useEffect(() => {
    if (!follow) return;
    const opened = followRider(
      {
        onRide: (pushed) => {
          // Only the ride on screen: a ride booked elsewhere shows when this tab next looks (as before), never by
          // taking the planner from under the rider. A push overtaken by a newer answer is ignored.
          const shown = latest.current;
          if (shown && supersedes(pushed, shown)) setRide(pushed);
        },
        onState: setLive,
        onListening: () => {
          listening.current += 1;
          const shown = latest.current;
          if (shown && RideClock.isActive(shown.status)) reread(shown.rideId).catch(() => undefined);
        },
      },
      (go) => whenIdle(go, 2000),
    );
    feed.current = opened;
    return () => {
      opened?.stop();
      feed.current = null;
      setLive("off");
    };
  }, [follow, setRide, reread]);

  // Polling, only while the channel is not listening; the clock's moments are re-read so the server's word follows.
  const listeningNow = live === "live";
  useEffect(() => {
    if (listeningNow || !ride || !RideClock.isActive(ride.status)) return;
    const now = Date.now();
    const due = nextChangeAt(ride, now);
    // Ended by the clock but not yet by the last answer: ask again soon for the final word (charged, times).
    const every = ride.status === "DISPATCHING" ? dispatchPollMs : pollMs;
    const wait = isActive(ride, now)
      ? Math.min(every, Math.max(300, (due ?? Number.POSITIVE_INFINITY) - now + 300))
      : 1000;
    let running = true;
    let timer = window.setTimeout(function read() {
      reread(ride.rideId).catch(() => {
        if (running) timer = window.setTimeout(read, 5000);
      });
    }, wait);
    return () => {
      running = false;
      window.clearTimeout(timer);
    };
  }, [ride, reread, listeningNow]);

  // Back in view: while the channel listens, what changed was pushed. Otherwise read once, and try the channel again
  // now rather than after its backoff.
  useEffect(() => {
    const onBack = () => {
      if (document.visibilityState !== "visible") return;
      const shown = latest.current;
      if (!shown) void resume(true);
      else if (!listeningNow && RideClock.isActive(shown.status)) reread(shown.rideId).catch(() => undefined);
      if (!listeningNow) feed.current?.retryNow();
    };
    document.addEventListener("visibilitychange", onBack);
    return () => document.removeEventListener("visibilitychange", onBack);
  }, [resume, reread, listeningNow]);

  return { ride, setRide, checking, loadProblem, resume, reread, live };
}

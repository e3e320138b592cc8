import { ServiceArea } from "@wildrydes/core/rules/fares";
import { RideClock } from "@wildrydes/core/rules/ride-clock";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import { LiveStatus } from "../components/LiveStatus";
import { ProblemAlert } from "../components/ProblemAlert";
import { QuoteCard } from "../components/QuoteCard";
import { Receipt } from "../components/Receipt";
import { RideActions } from "../components/RideActions";
import { MapPlaceholder, RideFrame, RideLayout } from "../components/RideFrame";
import { RiderOnly } from "../components/RiderOnly";
import { RideStatusPanel } from "../components/RideStatusPanel";
import { type Point, pointNames, TripPlanner } from "../components/TripPlanner";
import {
  type ApiProblem,
  asProblem,
  board,
  cancelRide,
  currentRide,
  getRide,
  type Location,
  newIdempotencyKey,
  type Rating,
  type Ride,
  rate,
  requestRide,
} from "../lib/api-client";
import { inNextTask } from "../lib/idle";
import type { RideMapProps } from "../lib/map/types";
import { formatMoney, hasUnicorn, rideAt, unicornPosition } from "../lib/ride-progress";
import { useFleet } from "../lib/use-fleet";
import { useLiveRide } from "../lib/use-live-ride";
import { useNow } from "../lib/use-now";
import { pointName } from "../lib/use-point-name";
import { useQuote } from "../lib/use-quote";

// The map library loads after first paint and only here; the placeholder keeps the layout from jumping. Rendering the
// map waits a task after the library is evaluated, so neither makes one long task.
const RideMap = dynamic<RideMapProps>(() => import("../components/RideMap").then(inNextTask), {
  ssr: false,
  loading: () => <MapPlaceholder />,
});

const seattle: Location = { latitude: 47.61, longitude: -122.33 };
const noPoints: Record<Point, Location | null> = { pickup: null, dropoff: null };

type Busy = "request" | "board" | "cancel" | "rate" | null;

export default function RidePage() {
  // The help stays up while the page checks for a ride in progress: hiding and re-showing it would move the page.
  const [planning, setPlanning] = useState(true);
  return (
    <RideFrame planning={planning}>
      <RiderOnly title="Request a ride" skeleton={(note) => <RideLayout map={<MapPlaceholder />}>{note}</RideLayout>}>
        {() => <RideRequester onPlanning={setPlanning} />}
      </RiderOnly>
    </RideFrame>
  );
}

/** "Your destination is outside …" for the points named, or null. */
function outsideSentence(points: Point[]): string | null {
  if (points.length === 0) return null;
  const which = points.map((p) => pointNames[p]).join(" and ");
  return `Your ${which} ${points.length > 1 ? "are" : "is"} outside the service area: ${ServiceArea.sentence}.`;
}

function RideRequester({ onPlanning }: { onPlanning: (planning: boolean) => void }) {
  const [points, setPoints] = useState(noPoints);
  const both = points.pickup !== null && points.dropoff !== null;
  const { ride, setRide, checking, loadProblem, resume, reread, live } = useLiveRide({ expecting: both });
  const [target, setTarget] = useState<Point>("pickup");
  const [centre, setCentre] = useState<Location>(seattle);
  // Points the server found outside the service area (a 422's details), until the rider moves them.
  const [refused, setRefused] = useState<Point[]>([]);
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<{ problem: ApiProblem; retry: () => void } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // State updates land after a re-render; the ref blocks a second press that arrives before that.
  const inFlight = useRef(false);
  // One key per quote: a retry after a lost response replays the booking instead of making a second one.
  const booking = useRef<{ quoteId: string; key: string } | null>(null);
  const controls = useRef<HTMLElement>(null);
  const statusHeading = useRef<HTMLHeadingElement>(null);
  const receiptHeading = useRef<HTMLHeadingElement>(null);
  const anotherButton = useRef<HTMLButtonElement>(null);

  const planning = !ride;
  useEffect(() => onPlanning(planning), [onPlanning, planning]);
  const now = useNow((ride !== null && RideClock.isActive(ride.status)) || (planning && both));
  const view = ride ? rideAt(ride, now) : null;
  const active = view !== null && RideClock.isActive(view.status);
  const outsidePoints = (["pickup", "dropoff"] as const).filter((p) => {
    const at = points[p];
    return at !== null && (!ServiceArea.contains(at) || refused.includes(p));
  });
  const outside = outsideSentence(outsidePoints);
  const quote = useQuote(points.pickup, points.dropoff, planning && !checking && outsidePoints.length === 0);
  const fleet = useFleet(planning && !checking, points.pickup ?? centre);

  // A quote refused for the service area names the points: show them as the client-side check would.
  const quoteProblem = quote.problem;
  useEffect(() => {
    if (quoteProblem?.code === "OUTSIDE_SERVICE_AREA") setRefused(quoteProblem.fields as Point[]);
  }, [quoteProblem]);

  // When a ride ends while shown (the trip's end, a cancel, a no-show), focus moves to the news, not into the void.
  const shown = view?.status;
  const previous = useRef(shown);
  useEffect(() => {
    const was = previous.current;
    previous.current = shown;
    if (!was || !shown || !RideClock.isActive(was) || RideClock.isActive(shown)) return;
    // Effects run after the commit, so the heading is in the page now (a timer could outlive or precede it).
    (shown === "COMPLETED" ? receiptHeading : statusHeading).current?.focus();
  }, [shown]);

  const run = useCallback(async (what: Exclude<Busy, null>, work: () => Promise<void>, retry: () => void) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(what);
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure({ problem: asProblem(error), retry });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  }, []);

  function showRide(next: Ride) {
    setRide(next);
    setPoints({ pickup: next.pickup, dropoff: next.dropoff });
    statusHeading.current?.focus();
  }

  /** Sets a point (map tap, place name, location, coordinates); a new pickup moves on to the destination. */
  function place(point: Point, at: Location) {
    if (inFlight.current || ride) return;
    setPoints((current) => ({ ...current, [point]: at }));
    setRefused((current) => current.filter((p) => p !== point));
    setFailure(null);
    if (point === "pickup" && !points.dropoff) setTarget("dropoff");
    // A point set from further down the sheet (coordinates, search) brings the status and the price back on screen.
    controls.current?.scrollTo({ top: 0 });
  }
  const onPlace = (at: Location) => place(target, at);

  function onRequest() {
    const quoted = quote.quote;
    if (!quoted) return;
    if (booking.current?.quoteId !== quoted.quoteId)
      booking.current = { quoteId: quoted.quoteId, key: newIdempotencyKey() };
    const { key } = booking.current;
    void run(
      "request",
      async () => {
        try {
          showRide(await requestRide(quoted.quoteId, key));
          setNotice(null);
        } catch (error) {
          const problem = asProblem(error);
          if (problem.code === "IDEMPOTENCY_KEY_REUSED") booking.current = null;
          if (problem.code === "QUOTE_EXPIRED") quote.refresh();
          if (problem.code === "OUTSIDE_SERVICE_AREA") setRefused(problem.fields as Point[]);
          if (problem.code === "RIDE_IN_PROGRESS") {
            // Booked elsewhere (another tab): show that ride rather than a stale page.
            const id = problem.activeRideId;
            const theirs = id ? await getRide(id) : await currentRide();
            if (theirs) {
              showRide(theirs);
              setNotice(problem.message);
              return;
            }
          }
          throw error;
        }
      },
      onRequest,
    );
  }

  /** A refused action may mean the ride moved on elsewhere: read it again, then say why. */
  function act(what: "board" | "cancel", call: (rideId: string) => Promise<Ride>) {
    if (!ride) return;
    const { rideId } = ride;
    const again = () => act(what, call);
    void run(
      what,
      async () => {
        try {
          setRide(await call(rideId));
          if (what === "board") statusHeading.current?.focus();
        } catch (error) {
          if (asProblem(error).code === "INVALID_RIDE_STATE") await reread(rideId).catch(() => undefined);
          throw error;
        }
      },
      again,
    );
  }

  function onRate(stars: Rating) {
    if (!ride) return;
    const { rideId } = ride;
    void run(
      "rate",
      async () => {
        try {
          setRide(await rate(rideId, stars));
          window.setTimeout(() => anotherButton.current?.focus(), 0);
        } catch (error) {
          if (asProblem(error).code === "INVALID_RIDE_STATE") await reread(rideId).catch(() => undefined);
          throw error;
        }
      },
      () => onRate(stars),
    );
  }

  function onAnotherRide() {
    // No unicorn accepted: the same trip is offered again (a fresh price), so trying again is one press.
    const again = view?.status === "CANCELLED" && view.cancelReason === "NO_UNICORN_ACCEPTED" ? view : null;
    setRide(null);
    setPoints(again ? { pickup: again.pickup, dropoff: again.dropoff } : noPoints);
    setTarget(again ? "dropoff" : "pickup");
    setRefused([]);
    setFailure(null);
    setNotice(null);
    statusHeading.current?.focus();
  }

  function planMessage(): string {
    if (checking) return "Checking for a ride in progress…";
    if (busy === "request") return "Finding the nearest unicorn…";
    if (outside) return outside;
    if (!points.pickup) return "Set your pickup to get a price.";
    if (!points.dropoff) {
      // "Pickup set at Space Needle", "Pickup set near Kerry Park", or at its coordinates when nothing names it.
      const { name, named, coordinates } = pointName(points.pickup);
      const where = !named ? `at ${coordinates}` : name.startsWith("Near ") ? `near ${name.slice(5)}` : `at ${name}`;
      return `Pickup set ${where}. Now choose your destination.`;
    }
    if (quote.quote) return `Your trip costs ${formatMoney(quote.quote.fare)}. Request a unicorn when you're ready.`;
    return quote.problem ? "No price for this trip yet." : "Getting a price…";
  }

  const mapPoints = ride ? { pickup: ride.pickup, dropoff: ride.dropoff } : points;
  // The ride carries its unicorn's colour, so the map draws it as the rider was told ("the rose unicorn"); while one
  // is still being found there is none to draw.
  const assigned =
    ride && active && hasUnicorn(ride)
      ? { name: ride.unicorn.name, color: ride.unicorn.color, at: unicornPosition(ride, now) }
      : null;
  const showPlanner = planning && !checking;
  return (
    <RideLayout
      controlsRef={controls}
      map={
        <RideMap
          pickup={mapPoints.pickup}
          dropoff={mapPoints.dropoff}
          unicorn={assigned}
          fleet={fleet}
          choosing={showPlanner ? pointNames[target] : null}
          onPlace={onPlace}
          onCentreChange={setCentre}
          describedBy={showPlanner ? "map-help" : undefined}
        />
      }
    >
      <RideStatusPanel ride={ride} now={now} message={planMessage()} headingRef={statusHeading}>
        {ride && view && active ? (
          <RideActions
            ride={ride}
            now={now}
            busy={busy}
            onBoard={() => act("board", board)}
            onCancel={() => act("cancel", cancelRide)}
          />
        ) : null}
        {view && !active ? (
          <Receipt
            ride={view}
            rating={busy === "rate" ? "sending" : "idle"}
            onRate={onRate}
            onAnotherRide={onAnotherRide}
            headingRef={receiptHeading}
            anotherRef={anotherButton}
          />
        ) : null}
      </RideStatusPanel>
      {/* Beside the panel, not in it: the panel's own status says where the ride stands. */}
      {active ? <LiveStatus state={live} /> : null}
      {showPlanner && both && !outside ? (
        <QuoteCard quote={quote} now={now} requesting={busy === "request"} onRequest={onRequest} />
      ) : null}
      {notice ? (
        <div className="alert alert--info" role="alert">
          <p className="alert__text">{notice}</p>
        </div>
      ) : null}
      <ProblemAlert
        problem={failure?.problem ?? loadProblem}
        onRetry={failure?.retry ?? (() => void resume())}
        retrying={busy !== null}
      />
      {showPlanner ? (
        <TripPlanner
          points={points}
          target={target}
          onTarget={setTarget}
          onPlace={onPlace}
          onPickup={(at) => place("pickup", at)}
          centre={centre}
          outside={outside}
          requesting={busy === "request"}
        />
      ) : null}
    </RideLayout>
  );
}

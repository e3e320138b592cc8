import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import { PickupForm } from "../components/PickupForm";
import { ProblemAlert } from "../components/ProblemAlert";
import { ActionButton, MapPlaceholder, RideFrame } from "../components/RideFrame";
import { RiderOnly } from "../components/RiderOnly";
import { type RidePhase, RideStatusPanel } from "../components/RideStatusPanel";
import { StarRating } from "../components/StarRating";
import {
  type ApiProblem,
  asProblem,
  cancelRide,
  completeRide,
  getRide,
  type Location,
  listRides,
  listUnicorns,
  newIdempotencyKey,
  type Rating,
  type Ride,
  requestRide,
} from "../lib/api";
import { config } from "../lib/config";
import { inNextTask } from "../lib/idle";
import { formatPlace, isActive, statusAt, unicornPosition } from "../lib/ride-progress";
import { useNow } from "../lib/use-now";

// Leaflet loads after first paint and only here; the placeholder keeps the layout from jumping. Rendering the map waits
// a task after Leaflet is evaluated, so neither makes one long task.
const RideMap = dynamic(() => import("../components/RideMap").then(inNextTask), {
  ssr: false,
  loading: () => <MapPlaceholder />,
});

const seattle: Location = { latitude: 47.61, longitude: -122.33 };

type Busy = "request" | "cancel" | "complete" | "resume" | null;

export default function RidePage() {
  return (
    <RiderOnly title="Request a ride" skeleton={(note) => <RideFrame map={<MapPlaceholder />}>{note}</RideFrame>}>
      {() => <RideRequester />}
    </RiderOnly>
  );
}

function RideRequester() {
  const [pickup, setPickup] = useState<Location | null>(null);
  const [centre, setCentre] = useState<Location>(seattle);
  const [phase, setPhase] = useState<RidePhase>({ kind: "loading" });
  const [unicornFrom, setUnicornFrom] = useState<Location | null>(null);
  const [rating, setRating] = useState<Rating | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<{ problem: ApiProblem; retry: () => void } | null>(null);
  // State updates land after a re-render; the ref blocks a second press that arrives before that.
  const inFlight = useRef(false);
  // One key per request for this pickup: a retry after a lost response replays it instead of booking twice.
  const idempotencyKey = useRef<string | null>(null);
  const statusHeading = useRef<HTMLHeadingElement>(null);

  const ride = phase.kind === "riding" ? phase.ride : null;
  const now = useNow(ride?.status === "EN_ROUTE");
  const status = ride ? statusAt(ride, now) : null;

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

  const showRide = useCallback((next: Ride) => {
    setPhase({ kind: "riding", ride: next });
    setPickup(next.pickup);
    if (next.status !== "EN_ROUTE") return;
    // A busy unicorn's stored location is where it set off: the marker moves from there by elapsed time.
    listUnicorns()
      .then((fleet) => setUnicornFrom(fleet.find((u) => u.name === next.unicorn.name)?.location ?? null))
      .catch(() => setUnicornFrom(null));
  }, []);

  // A ride already under way (another tab, a reload) is picked up again rather than hidden.
  const resume = useCallback(() => {
    void run(
      "resume",
      async () => {
        try {
          const [latest] = (await listRides(1)).rides;
          if (latest && isActive(latest)) showRide(latest);
          else setPhase({ kind: "choosing", hasPickup: false });
        } catch (error) {
          setPhase({ kind: "choosing", hasPickup: false });
          throw error;
        }
      },
      () => resume(),
    );
  }, [run, showRide]);

  useEffect(() => resume(), [resume]);

  // When the countdown reaches zero, ask the API, which has the final word on ARRIVED.
  const arrivedHere = ride?.status === "EN_ROUTE" && status === "ARRIVED";
  const rideId = ride?.rideId;
  useEffect(() => {
    if (!arrivedHere || !rideId) return;
    let live = true;
    let timer: number | undefined;
    const check = () => {
      getRide(rideId)
        .then((fresh) => {
          if (!live) return;
          if (fresh.status === "EN_ROUTE") timer = window.setTimeout(check, 1000);
          else setPhase({ kind: "riding", ride: fresh });
        })
        .catch((error) => live && setFailure({ problem: asProblem(error), retry: check }));
    };
    check();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [arrivedHere, rideId]);

  const choosePickup = useCallback((location: Location) => {
    if (inFlight.current) return;
    setPickup(location);
    idempotencyKey.current = null;
    setFailure(null);
    setPhase({ kind: "choosing", hasPickup: true });
  }, []);

  function onRequest() {
    if (!pickup) return;
    const key = idempotencyKey.current ?? newIdempotencyKey();
    idempotencyKey.current = key;
    void run(
      "request",
      async () => {
        setPhase({ kind: "requesting" });
        try {
          const dispatched = await requestRide(pickup, key);
          idempotencyKey.current = null;
          setRating(null);
          setUnicornFrom(null);
          showRide(dispatched);
          statusHeading.current?.focus();
        } catch (error) {
          if (asProblem(error).code === "IDEMPOTENCY_KEY_REUSED") idempotencyKey.current = null;
          setPhase({ kind: "choosing", hasPickup: true });
          throw error;
        }
      },
      onRequest,
    );
  }

  function onCancel() {
    if (!ride) return;
    void run("cancel", async () => setPhase({ kind: "riding", ride: await cancelRide(ride.rideId) }), onCancel);
  }

  function onComplete() {
    if (!ride) return;
    void run(
      "complete",
      async () => setPhase({ kind: "riding", ride: await completeRide(ride.rideId, rating ?? undefined) }),
      onComplete,
    );
  }

  function onAnotherRide() {
    setPickup(null);
    setUnicornFrom(null);
    setRating(null);
    setFailure(null);
    setPhase({ kind: "choosing", hasPickup: false });
    statusHeading.current?.focus();
  }

  const choosing = phase.kind === "choosing";
  const active = ride !== null && isActive(ride);
  const unicornAt =
    ride && active
      ? unicornFrom
        ? unicornPosition(ride, unicornFrom, now)
        : status === "ARRIVED"
          ? ride.pickup
          : null
      : null;

  return (
    <RideFrame
      map={
        <RideMap
          pickup={pickup}
          unicorn={ride && unicornAt ? { name: ride.unicorn.name, at: unicornAt } : null}
          choosing={choosing}
          onPickup={choosePickup}
          onCentreChange={setCentre}
          tileUrl={config.tileUrl}
          tileAttribution={config.tileAttribution}
          describedBy="map-help"
        />
      }
    >
      <p className="pickup">
        <span className="pickup__label">Pickup</span> {pickup ? formatPlace(pickup) : "not set yet"}
      </p>
      {phase.kind !== "riding" ? (
        <>
          <div className="ride__buttons">
            <button type="button" className="button" onClick={() => choosePickup(centre)} disabled={busy !== null}>
              Use map centre as pickup
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={onRequest}
              disabled={!pickup || busy !== null}
              aria-busy={busy === "request" || undefined}
            >
              {busy === "request" ? <span className="spinner" aria-hidden="true" /> : null}
              Request unicorn
            </button>
          </div>
          <PickupForm onPickup={choosePickup} disabled={busy !== null} />
        </>
      ) : null}
      <ProblemAlert problem={failure?.problem ?? null} onRetry={failure?.retry} retrying={busy !== null} />
      <RideStatusPanel phase={phase} now={now} headingRef={statusHeading}>
        {ride && status === "ARRIVED" ? (
          <div className="status__actions">
            <StarRating value={rating} onChange={setRating} disabled={busy !== null} />
            <ActionButton busy={busy === "complete"} disabled={busy !== null} onClick={onComplete} primary>
              Complete ride
            </ActionButton>
          </div>
        ) : null}
        {active ? (
          <ActionButton busy={busy === "cancel"} disabled={busy !== null} onClick={onCancel}>
            Cancel ride
          </ActionButton>
        ) : null}
        {ride && !active ? (
          <button type="button" className="button button--primary" onClick={onAnotherRide}>
            Request another ride
          </button>
        ) : null}
      </RideStatusPanel>
    </RideFrame>
  );
}

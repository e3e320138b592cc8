import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/router";
import { useCallback, useEffect, useRef, useState } from "react";
import { PageTitle } from "../components/PageTitle";
import { type RideRequest, RideStatusPanel } from "../components/RideStatusPanel";
import { ApiProblem, type Location, newIdempotencyKey, requestRide } from "../lib/api";
import { config } from "../lib/config";
import { useSession } from "../lib/session";

// Leaflet loads after first paint and only here; the placeholder keeps the layout from jumping.
const RideMap = dynamic(() => import("../components/RideMap"), {
  ssr: false,
  loading: () => <div className="map map--loading">Loading map…</div>,
});

const seattle: Location = { latitude: 47.61, longitude: -122.33 };

export default function Ride() {
  const router = useRouter();
  const { state } = useSession();

  useEffect(() => {
    if (state.status === "signedOut") void router.replace(`/signin/?next=${encodeURIComponent("/ride/")}`);
  }, [state.status, router]);

  if (state.status !== "signedIn") {
    return (
      <section className="panel panel--narrow">
        <PageTitle>Request a ride</PageTitle>
        <h1>Request a ride</h1>
        <p role="status">{state.status === "checking" ? "Checking your session…" : "Taking you to sign in…"}</p>
      </section>
    );
  }
  return <RideRequester />;
}

function RideRequester() {
  const [pickup, setPickup] = useState<Location | null>(null);
  const [centre, setCentre] = useState<Location>(seattle);
  const [request, setRequest] = useState<RideRequest>({ phase: "idle" });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  // State updates land after a re-render; the ref blocks a second click that arrives before that.
  const inFlight = useRef(false);

  const choosePickup = useCallback((location: Location) => {
    if (inFlight.current) return;
    setPickup(location);
    setProblem(null);
  }, []);

  async function onRequest() {
    if (!pickup || inFlight.current) return;
    inFlight.current = true;
    setProblem(null);
    setRequest({ phase: "requesting" });
    try {
      const ride = await requestRide(pickup, newIdempotencyKey());
      setRequest({ phase: "dispatched", ride });
    } catch (error) {
      setProblem(
        error instanceof ApiProblem ? error : new ApiProblem("UNKNOWN", "Something went wrong. Please try again.", 0),
      );
      setRequest({ phase: "idle" });
    } finally {
      inFlight.current = false;
    }
  }

  const requesting = request.phase === "requesting";
  return (
    <section className="ride" aria-labelledby="ride-title">
      <PageTitle>Request a ride</PageTitle>
      <div className="ride__intro">
        <h1 id="ride-title">Request a ride</h1>
        <p id="map-help">
          Click the map to set your pickup. With a keyboard, focus the map, move it with the arrow keys and press Enter,
          or use the map centre button.
        </p>
      </div>
      <div className="ride__layout">
        <RideMap
          pickup={pickup}
          onPickup={choosePickup}
          onCentreChange={setCentre}
          tileUrl={config.tileUrl}
          tileAttribution={config.tileAttribution}
          describedBy="map-help"
        />
        <div className="ride__controls">
          <p className="pickup">
            <span className="pickup__label">Pickup</span>{" "}
            {pickup ? `${pickup.latitude.toFixed(5)}, ${pickup.longitude.toFixed(5)}` : "not set yet"}
          </p>
          <div className="ride__buttons">
            <button type="button" className="button" onClick={() => choosePickup(centre)} disabled={requesting}>
              Use map centre as pickup
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={onRequest}
              disabled={!pickup || requesting}
              aria-busy={requesting || undefined}
            >
              {requesting ? <span className="spinner" aria-hidden="true" /> : null}
              Request unicorn
            </button>
          </div>
          {problem ? (
            <div className="alert alert--error" role="alert">
              {problem.message}{" "}
              {problem.code === "UNAUTHORIZED" ? <Link href="/signin/?next=/ride/">Sign in again</Link> : null}
            </div>
          ) : null}
          <RideStatusPanel request={request} hasPickup={pickup !== null} />
        </div>
      </div>
    </section>
  );
}

/** The upfront price for the chosen trip: asked for as soon as both points are set, and again when it expires. */
import { useCallback, useEffect, useState } from "react";
import { type ApiProblem, asProblem, type Location, type Quote, quote } from "./api-client";

export interface QuoteState {
  quote: Quote | null;
  loading: boolean;
  problem: ApiProblem | null;
  /** Asks again now, e.g. after a QUOTE_EXPIRED refusal or a failed try. */
  refresh: () => void;
}

const same = (a: Location, b: Location | null) => !!b && a.latitude === b.latitude && a.longitude === b.longitude;

export function useQuote(pickup: Location | null, dropoff: Location | null, wanted: boolean): QuoteState {
  const [state, setState] = useState<Omit<QuoteState, "refresh">>({ quote: null, loading: false, problem: null });
  const [asked, setAsked] = useState(0);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);

  const [pLat, pLng, dLat, dLng] = [pickup?.latitude, pickup?.longitude, dropoff?.latitude, dropoff?.longitude];
  // biome-ignore lint/correctness/useExhaustiveDependencies: `asked` is the refresh trigger; the points by value.
  useEffect(() => {
    if (!wanted || pLat === undefined || pLng === undefined || dLat === undefined || dLng === undefined) {
      setState({ quote: null, loading: false, problem: null });
      return;
    }
    const from = { latitude: pLat, longitude: pLng };
    const to = { latitude: dLat, longitude: dLng };
    let live = true;
    // A refresh for the same trip keeps the old price in view (the request waits for the new one).
    setState((s) => ({
      quote: s.quote && same(s.quote.pickup, from) && same(s.quote.dropoff, to) ? s.quote : null,
      loading: true,
      problem: null,
    }));
    quote(from, to)
      .then((fresh) => live && setState({ quote: fresh, loading: false, problem: null }))
      .catch((error) => live && setState({ quote: null, loading: false, problem: asProblem(error) }));
    return () => {
      live = false;
    };
  }, [wanted, pLat, pLng, dLat, dLng, asked]);

  // The price holds for two minutes: ask for a fresh one the moment it lapses.
  const expiresAt = state.quote?.expiresAt;
  useEffect(() => {
    if (!expiresAt) return;
    const timer = window.setTimeout(refresh, Math.max(0, Date.parse(expiresAt) - Date.now()) + 250);
    return () => window.clearTimeout(timer);
  }, [expiresAt, refresh]);

  return { ...state, refresh };
}

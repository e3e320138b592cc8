/** Who is signed in, shared by the header and the pages. Amplify loads only if a stored session may exist. */
import { useRouter } from "next/router";
import {
  createContext,
  type ReactNode,
  startTransition,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { sessionExpiredEvent } from "./api-client";
import { currentRider, type Rider, signOutRider } from "./rider-auth";

export type SessionState =
  | { status: "checking" }
  | { status: "signedOut"; expired?: boolean }
  | { status: "signedIn"; rider: Rider };

interface Session {
  state: SessionState;
  /** Call after a successful sign-in so the header updates without a reload. */
  signedIn: (rider: Rider) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

async function forgetSession(): Promise<void> {
  try {
    await signOutRider();
  } catch {
    // Amplify clears the local tokens even when Cognito can't be reached; the rider is signed out here either way.
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "checking" });

  useEffect(() => {
    let live = true;
    currentRider().then((rider) => {
      // A transition: React renders the page that follows in slices, so no single task blocks a tap for long.
      if (live) startTransition(() => setState(rider ? { status: "signedIn", rider } : { status: "signedOut" }));
    });
    // The API said 401 (or the tokens could not be refreshed): the stored session is useless, drop it.
    const onExpired = () => {
      setState({ status: "signedOut", expired: true });
      void forgetSession();
    };
    window.addEventListener(sessionExpiredEvent, onExpired);
    return () => {
      live = false;
      window.removeEventListener(sessionExpiredEvent, onExpired);
    };
  }, []);

  const signedIn = useCallback((rider: Rider) => setState({ status: "signedIn", rider }), []);
  const signOut = useCallback(async () => {
    await forgetSession();
    setState({ status: "signedOut" });
  }, []);

  const value = useMemo(() => ({ state, signedIn, signOut }), [state, signedIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside <SessionProvider>");
  return session;
}

/** For pages that need a rider: sends anyone signed out to sign in, with the way back in `?next=`. */
export function useRequiredRider(): SessionState {
  const { state } = useSession();
  const router = useRouter();
  useEffect(() => {
    if (state.status !== "signedOut" || !router.isReady) return;
    const next = encodeURIComponent(router.asPath);
    void router.replace(`/signin/?next=${next}${state.expired ? "&expired=1" : ""}`);
  }, [state, router]);
  return state;
}

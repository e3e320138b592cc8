/** Who is signed in, shared by the header and the pages. Amplify loads only if a stored session may exist. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { currentRider, type Rider, signOutRider } from "./auth";

export type SessionState = { status: "checking" } | { status: "signedOut" } | { status: "signedIn"; rider: Rider };

interface Session {
  state: SessionState;
  /** Call after a successful sign-in so the header updates without a reload. */
  signedIn: (rider: Rider) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "checking" });

  useEffect(() => {
    let live = true;
    currentRider().then((rider) => {
      if (live) setState(rider ? { status: "signedIn", rider } : { status: "signedOut" });
    });
    return () => {
      live = false;
    };
  }, []);

  const signedIn = useCallback((rider: Rider) => setState({ status: "signedIn", rider }), []);
  const signOut = useCallback(async () => {
    try {
      await signOutRider();
    } catch {
      // Amplify clears the local tokens even when Cognito can't be reached; the rider is signed out here either way.
    }
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

/** Wraps a page that needs a signed-in rider: a holding view while the session is checked or redirected. */
import type { ReactNode } from "react";
import type { Rider } from "../lib/rider-auth";
import { useRequiredRider } from "../lib/session";
import { PageTitle } from "./PageTitle";

export function RiderOnly({
  title,
  skeleton,
  children,
}: {
  title: string;
  /** The page's own frame without data, so swapping in the real page does not shift the layout. */
  skeleton?: (note: ReactNode) => ReactNode;
  children: (rider: Rider) => ReactNode;
}) {
  const state = useRequiredRider();
  if (state.status === "signedIn") return <>{children(state.rider)}</>;
  const note = <p role="status">{state.status === "checking" ? "Checking your session…" : "Taking you to sign in…"}</p>;
  if (skeleton) return <>{skeleton(note)}</>;
  return (
    <section className="panel panel--narrow">
      <PageTitle>{title}</PageTitle>
      <h1>{title}</h1>
      {note}
    </section>
  );
}

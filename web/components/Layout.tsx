/** The page frame: skip link, header with the rider's session, main landmark, footer. */
import Head from "next/head";
import { useRouter } from "next/router";
import { type ReactNode, useState } from "react";
import { missingConfig } from "../lib/config";
import { isOperator, isUnicorn } from "../lib/rider-auth";
import { useSession } from "../lib/session";
import { PageLink } from "./PageLink";

export function Layout({ children }: { children: ReactNode }) {
  return (
    <>
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <PageLink href="/" className="brand">
            <BrandMark />
            Wild Rydes
          </PageLink>
          <nav aria-label="Main" className="site-nav">
            <NavLink href="/ride/">Request a ride</NavLink>
            <RiderLinks />
          </nav>
          <div className="site-session">
            <SessionControls />
          </div>
        </div>
      </header>
      {missingConfig.length > 0 ? <ConfigNotice missing={missingConfig} /> : null}
      <main id="main" className="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>Wild Rydes — unicorn rides, on demand. A serverless reference app.</p>
      </footer>
    </>
  );
}

/** The logo as inline SVG: emoji fonts are missing on many systems, and an SVG needs no extra request. */
function BrandMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#ffffff" />
      <path d="M9 23l5-13 3 7 3-5 3 11z" fill="#4b2a84" />
    </svg>
  );
}

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  // pathname ("/ride") is the same at export time and in the browser, so hydration matches.
  const { pathname } = useRouter();
  const current = pathname.replace(/\/$/, "") === href.replace(/\/$/, "");
  return (
    <PageLink href={href} aria-current={current ? "page" : undefined}>
      {children}
    </PageLink>
  );
}

/** Pages about the account's own rides and the fleet, once signed in (both need one); an operator's dashboard and a crew's unicorn first. */
function RiderLinks() {
  const { state } = useSession();
  if (state.status !== "signedIn") return null;
  return (
    <>
      {isOperator(state.rider) ? <NavLink href="/ops/">Operations</NavLink> : null}
      {isUnicorn(state.rider) ? <NavLink href="/unicorn/">My unicorn</NavLink> : null}
      <NavLink href="/rides/">My rides</NavLink>
      <NavLink href="/unicorns/">Unicorns</NavLink>
    </>
  );
}

function SessionControls() {
  const { state, signOut } = useSession();
  const router = useRouter();
  const [signingOut, setSigningOut] = useState(false);

  // Reserve the space while checking so the header does not jump.
  if (state.status === "checking") return <span className="site-session__placeholder" aria-hidden="true" />;

  if (state.status === "signedOut") {
    return (
      <>
        <PageLink href="/signin/">Sign in</PageLink>
        <PageLink href="/register/" className="button button--small">
          Register
        </PageLink>
      </>
    );
  }

  return (
    <>
      <span className="site-session__rider" title={state.rider.email}>
        {state.rider.email}
      </span>
      <button
        type="button"
        className="button button--small button--quiet"
        disabled={signingOut}
        onClick={async () => {
          setSigningOut(true);
          // Leave the page first: a page that needs a rider would otherwise send the rider to sign in again.
          await router.push("/");
          await signOut();
          setSigningOut(false);
        }}
      >
        Sign out
      </button>
    </>
  );
}

function ConfigNotice({ missing }: { missing: string[] }) {
  return (
    <div className="config-notice" role="alert">
      <p>
        <strong>This build is missing required settings:</strong> {missing.join(", ")}. Set them when running{" "}
        <code>npm run build -w web</code>; sign-in and rides will not work until then.
      </p>
    </div>
  );
}

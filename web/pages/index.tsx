import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";
import { useSession } from "../lib/session";

export default function Home() {
  const { state } = useSession();
  return (
    <>
      <PageTitle>Unicorn rides on demand</PageTitle>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Unicorn rides, on demand.</h1>
        <p className="hero__lead">
          Wild Rydes sends the nearest free unicorn to your door. Pick a spot on the map, tap a button, and a unicorn is
          on the way — no traffic, no surge pricing, just magic.
        </p>
        <div className="hero__actions">
          {state.status === "signedIn" ? (
            <PageLink href="/ride/" className="button button--primary button--large">
              Request a ride
            </PageLink>
          ) : (
            <>
              <PageLink href="/register/" className="button button--primary button--large">
                Create an account
              </PageLink>
              <PageLink href="/signin/" className="button button--large">
                Sign in
              </PageLink>
            </>
          )}
        </div>
      </section>
      <section className="features" aria-labelledby="how-title">
        <h2 id="how-title">How it works</h2>
        <ol className="steps">
          <li>
            <h3>Register</h3>
            <p>Sign up with your email and confirm it with the code we send you.</p>
          </li>
          <li>
            <h3>Set your pickup</h3>
            <p>Click the map where you are, or use the map centre — the keyboard works too.</p>
          </li>
          <li>
            <h3>Ride</h3>
            <p>We dispatch the nearest available unicorn and tell you its name, colour and arrival time.</p>
          </li>
        </ol>
      </section>
      <section className="features" aria-labelledby="fleet-title">
        <h2 id="fleet-title">The fleet</h2>
        <p>
          A dozen unicorns roam Seattle, from downtown to Queen Anne. Each has a name and a colour, so you know who to
          look for: Bucephalus is golden, Shadowfax is white, Rocinante is yellow, and nine more are waiting to meet
          you. Dispatch always sends the nearest one that's free.
        </p>
        <ul className="fleet-teaser">
          <li>
            <strong>12</strong> unicorns
          </li>
          <li>
            <strong>17–27 m/s</strong> cruising speed
          </li>
          <li>
            <strong>1–5 ★</strong> rate every ride
          </li>
        </ul>
        {state.status === "signedIn" ? <PageLink href="/unicorns/">See who's free right now</PageLink> : null}
      </section>
      <section className="cta" aria-labelledby="cta-title">
        <h2 id="cta-title">Ready to ride?</h2>
        <p>It takes a minute to sign up, and your first unicorn is a click away.</p>
        <PageLink
          href={state.status === "signedIn" ? "/ride/" : "/register/"}
          className="button button--primary button--large"
        >
          {state.status === "signedIn" ? "Request a ride" : "Get started"}
        </PageLink>
      </section>
    </>
  );
}

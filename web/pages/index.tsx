import { seattleFleet } from "@wildrydes/core/rules/roster";
import type { GetStaticProps } from "next";
import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";
import { useSession } from "../lib/session";

interface FleetFacts {
  size: number;
  slowestKmh: number;
  fastestKmh: number;
}

/** Read from the fleet itself at build time, so the page never disagrees with it and ships none of it as JS. */
export const getStaticProps: GetStaticProps<{ fleet: FleetFacts }> = async () => {
  const kmh = seattleFleet.map((unicorn) => Math.round(unicorn.speedMps * 3.6));
  return {
    props: { fleet: { size: seattleFleet.length, slowestKmh: Math.min(...kmh), fastestKmh: Math.max(...kmh) } },
  };
};

export default function Home({ fleet }: { fleet: FleetFacts }) {
  const { state } = useSession();
  const signedIn = state.status === "signedIn";
  return (
    <>
      <PageTitle>Unicorn rides on demand</PageTitle>
      <section className="home-hero" aria-labelledby="hero-title">
        <div className="hero">
          <h1 id="hero-title">Unicorn rides, on demand.</h1>
          <p className="hero__lead">
            Wild Rydes sends the nearest free unicorn to your door. Pick a spot on the map, tap a button, and a unicorn
            is on the way — no traffic, no surge pricing, just magic.
          </p>
          <div className="hero__actions">
            {signedIn ? (
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
        </div>
        {/* biome-ignore lint/performance/noImgElement: a 3 KB static SVG; next/image would only add JS to this page */}
        <img
          className="home-hero__art"
          src="/hero-map.svg"
          width={560}
          height={440}
          decoding="async"
          alt="A map of Seattle: a unicorn follows a dotted route past the Space Needle to a pickup pin."
        />
      </section>
      <section className="home-section" aria-labelledby="how-title">
        <h2 id="how-title">How it works</h2>
        <ol className="steps">
          <li>
            <h3>Register</h3>
            <p>Sign up with your email and confirm it with the code we send you.</p>
          </li>
          <li>
            <h3>Set your pickup</h3>
            <p>Tap or click the map where you are, or use the map centre — the keyboard works too.</p>
          </li>
          <li>
            <h3>Ride</h3>
            <p>We send the nearest free unicorn and tell you its name, colour and arrival time.</p>
          </li>
        </ol>
      </section>
      <section className="home-section home-fleet" aria-labelledby="fleet-title">
        <div>
          <h2 id="fleet-title">The fleet</h2>
          <p>
            {fleet.size} unicorns roam Seattle, from downtown to Queen Anne. Each has a name and a colour, so you know
            who to look for: Bucephalus is golden, Shadowfax is white, Rocinante is yellow. We always send the nearest
            one that's free.
          </p>
          {signedIn ? <PageLink href="/unicorns/">See who's free right now</PageLink> : null}
        </div>
        <ul className="home-stats">
          <li>
            <strong>{fleet.size}</strong> unicorns
          </li>
          <li>
            <strong>
              {fleet.slowestKmh}–{fleet.fastestKmh} km/h
            </strong>{" "}
            cruising speed
          </li>
          <li>
            <strong>1–5 ★</strong> rate every ride
          </li>
        </ul>
      </section>
      <section className="cta home-cta" aria-labelledby="cta-title">
        <div>
          <h2 id="cta-title">Ready to ride?</h2>
          <p>It takes a minute to sign up, and your first unicorn is a tap away.</p>
        </div>
        <PageLink href={signedIn ? "/ride/" : "/register/"} className="button button--primary button--large">
          {signedIn ? "Request a ride" : "Get started"}
        </PageLink>
      </section>
    </>
  );
}

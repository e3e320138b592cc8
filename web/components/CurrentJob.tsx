/**
 * The job the unicorn is on now: where it stands by the ride clock (to the pickup, waiting, on the trip), said once
 * per change, and its details beside it (components/JobDetails.tsx). With no job, says so. The offer card
 * (components/OfferSlot.tsx) goes above this section, not in it; focus comes to its heading when the card leaves.
 */
import { lazy, type Ref, Suspense, useState } from "react";
import type { ApiProblem, Ride } from "../lib/api-client";
import { rideAt } from "../lib/ride-progress";
import { jobSentence } from "../lib/unicorn-jobs";
import { ProblemAlert } from "./ProblemAlert";

// The countdown, the map and the places load only once there is a job to show: they are most of what this page
// shares with the ride page, which would otherwise be split into a chunk that page loads too.
const JobDetails = lazy(() => import("./JobDetails"));

export function CurrentJob({
  job,
  now,
  checking,
  problem,
  news,
  onCheck,
  headingRef,
}: {
  /** The job as last read; undefined until the first read answers, null when there is none. */
  job: Ride | null | undefined;
  now: number;
  checking: boolean;
  problem: ApiProblem | null;
  /** How the last job ended, said with "No job right now" once it has left the screen. */
  news: string | null;
  onCheck: () => void;
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const view = job ? rideAt(job, now) : null;
  const key = view ? `${view.rideId}:${view.status}` : "none";
  // When the job entered its state (as the ride page's status panel does), so its sentence is made once per change.
  const [entered, setEntered] = useState(() => ({ key, at: Date.now() }));
  if (entered.key !== key) setEntered({ key, at: Math.max(now, Date.now()) });

  let said: string;
  if (view) said = jobSentence(view, entered.key === key ? entered.at : Math.max(now, Date.now()));
  // A failed read is the alert's to say; a check the crew asked for is said, so its answer is said again too.
  else if (problem) said = "";
  else if (job === undefined || checking) said = "Checking for a job…";
  else said = news ? `${news} No job right now.` : "No job right now.";

  return (
    <section className={`panel job job--${view?.status.toLowerCase() ?? "none"}`} aria-labelledby="job-title">
      <h2 id="job-title" className="job__title" tabIndex={-1} ref={headingRef}>
        Current job
      </h2>
      <p className="job__news" role="status">
        {said}
      </p>
      {view && job ? (
        <Suspense fallback={<p className="job__hint">Loading the job's details…</p>}>
          <JobDetails job={job} view={view} now={now} />
        </Suspense>
      ) : null}
      {job === null ? (
        <div className="job__idle">
          <p className="job__hint">When a rider is matched with you, the job shows here.</p>
          <button
            type="button"
            className="button button--small"
            onClick={onCheck}
            aria-disabled={checking || undefined}
            aria-busy={checking || undefined}
          >
            {checking ? <span className="spinner" aria-hidden="true" /> : null}
            Check for a job
          </button>
        </div>
      ) : null}
      <ProblemAlert problem={problem} onRetry={onCheck} retrying={checking} />
    </section>
  );
}

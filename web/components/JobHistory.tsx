/** The unicorn's jobs, newest first, a page at a time: when, where from and to, how it went and what the rider paid. */
import { type Ref, useCallback, useEffect, useRef, useState } from "react";
import { type ApiProblem, asProblem, type Ride } from "../lib/api-client";
import { tripFacts } from "../lib/receipt";
import { formatWhen } from "../lib/ride-progress";
import { listJobs } from "../lib/unicorn-api";
import { jobAmount, jobStatusLabels } from "../lib/unicorn-jobs";
import { ProblemAlert } from "./ProblemAlert";
import { type Fact, RideFacts } from "./RideFacts";
import { RideRoute } from "./RideHistoryCard";

/** Jobs per page: a screenful on a phone. */
const pageSize = 10;

/** `refresh`: bumped when a job has ended, so the list starts again from the newest. */
export function JobHistory({ refresh }: { refresh: number }) {
  const [jobs, setJobs] = useState<Ride[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const firstNew = useRef<HTMLHeadingElement>(null);
  const loadingRef = useRef(false);

  const load = useCallback(async (after: string | null, shown = 0) => {
    if (loadingRef.current) return;
    loadingRef.current = true;
    setLoading(true);
    setProblem(null);
    try {
      const page = await listJobs(pageSize, after);
      setJobs((previous) => (after ? [...(previous ?? []), ...page.rides] : page.rides));
      // Focus moves to the first new job, so "Load more" does not leave keyboard users at the end of the list.
      setFocusIndex(after ? shown : null);
      setCursor(page.nextCursor);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      loadingRef.current = false;
      setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` is the trigger to read the newest jobs again.
  useEffect(() => {
    void load(null);
  }, [load, refresh]);

  useEffect(() => {
    if (focusIndex !== null) firstNew.current?.focus();
  }, [focusIndex]);

  let count = "";
  if (jobs === null) count = loading ? "Loading your jobs…" : "";
  else if (jobs.length > 0) count = `Showing ${jobs.length} ${jobs.length === 1 ? "job" : "jobs"}, newest first.`;
  return (
    <section className="jobs" aria-labelledby="jobs-title">
      <h2 id="jobs-title">Your jobs</h2>
      <p role="status" className="lead">
        {count}
      </p>
      <ProblemAlert
        problem={problem}
        onRetry={() => void load(jobs ? cursor : null, jobs?.length)}
        retrying={loading}
      />
      {jobs?.length === 0 ? (
        <div className="panel empty">
          <h3>No jobs yet</h3>
          <p>Every ride you fly shows up here, with what the rider paid.</p>
        </div>
      ) : null}
      {jobs && jobs.length > 0 ? (
        <ol className="ride-list">
          {jobs.map((job, index) => (
            <JobCard key={job.rideId} job={job} headingRef={index === focusIndex ? firstNew : undefined} />
          ))}
        </ol>
      ) : null}
      {cursor ? (
        <button
          type="button"
          className="button"
          onClick={() => void load(cursor, jobs?.length)}
          aria-disabled={loading || undefined}
          aria-busy={loading || undefined}
        >
          {loading ? <span className="spinner" aria-hidden="true" /> : null}
          Load more jobs
        </button>
      ) : null}
    </section>
  );
}

function JobCard({ job, headingRef }: { job: Ride; headingRef?: Ref<HTMLHeadingElement> }) {
  const facts: Fact[] = [jobAmount(job), ...tripFacts(job)];
  if (job.rating) facts.push(["Rider's rating", `${job.rating} of 5 stars`]);
  return (
    <li className="ride-card">
      <h3 className="job-card__when" tabIndex={-1} ref={headingRef}>
        {formatWhen(job.requestedAt)}
      </h3>
      <span className={`badge badge--${job.status.toLowerCase()}`}>{jobStatusLabels[job.status]}</span>
      <RideRoute ride={job} />
      <RideFacts facts={facts} className="history-facts" />
    </li>
  );
}

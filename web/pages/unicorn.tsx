/**
 * The unicorn's page (issue 22, the crew's side): its unicorn by name and colour, the shift switch, ride offers to
 * accept or decline, the current job, what it has earned and its jobs. The API decides who may see it: an account that
 * flies no unicorn is told so (403). Offers come on the unicorn's live channel (lib/use-offer.ts), whose ride pushes
 * also have the current job read again; that job is read every 10 s as well while one is under way.
 */
import { RideClock } from "@wildrydes/core/rules/ride-clock";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { CurrentJob } from "../components/CurrentJob";
import { JobHistory } from "../components/JobHistory";
import { LiveStatus } from "../components/LiveStatus";
import { OfferSlot } from "../components/OfferSlot";
import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";
import { ProblemAlert } from "../components/ProblemAlert";
import { RiderOnly } from "../components/RiderOnly";
import { ShiftSwitch } from "../components/ShiftSwitch";
import { UnicornStatRows } from "../components/UnicornStats";
import { type ApiProblem, asProblem, type Ride, type UnicornSelf } from "../lib/api-client";
import { unicornColour } from "../lib/map/unicorn-colours";
import { formatMoney, rideAt } from "../lib/ride-progress";
import { isUnicorn, type Rider } from "../lib/rider-auth";
import { currentJob, setShift, unicornSelf } from "../lib/unicorn-api";
import { endedSentence, unicornTitle } from "../lib/unicorn-jobs";
import { useNow } from "../lib/use-now";
import { useOffer } from "../lib/use-offer";

/** A job under way is read again this often, for changes the clock cannot foresee (the rider cancelling, boarding). */
const jobPollMs = 10_000;

const title = "My unicorn";

export default function UnicornPage() {
  return (
    <RiderOnly title={title} skeleton={(note) => <Waiting>{note}</Waiting>}>
      {(account) => <UnicornHome account={account} />}
    </RiderOnly>
  );
}

/**
 * The page until its unicorn and its job are known (the session checked, then GET /unicorn/me and the current job):
 * the heading and what it waits for. The rest is drawn whole once they are, so nothing on screen is pushed down then.
 */
function Waiting({ children }: { children: ReactNode }) {
  return (
    <section className="unicorn" aria-labelledby="unicorn-title">
      <PageTitle>{title}</PageTitle>
      <header className="unicorn__intro">
        <h1 id="unicorn-title">{title}</h1>
        <Lead />
        {children}
      </header>
    </section>
  );
}

function UnicornHome({ account }: { account: Rider }) {
  const self = useUnicornSelf();
  const job = useCurrentJob(self.reload);
  const offers = useOffer({
    unicornId: self.unicorn?.unicornId ?? null,
    onShift: self.unicorn?.onShift ?? false,
    onJobChanged: job.refresh,
  });
  const jobHeading = useRef<HTMLHeadingElement>(null);

  // The API's 403, from whichever read answers first: the rest of the page would only say the same.
  const refused = [self.problem, job.problem].find((problem) => problem?.code === "FORBIDDEN");
  if (refused) return <NotAUnicorn account={account} reason={refused.message} />;
  const unicorn = self.unicorn;
  // The first reads of the unicorn and its job go together; the job panel's height depends on the latter.
  if (!self.answered || (job.job === undefined && job.checking)) {
    return (
      <Waiting>
        <p role="status">Loading your unicorn…</p>
      </Waiting>
    );
  }
  return (
    <section className="unicorn" aria-labelledby="unicorn-title">
      <PageTitle>{title}</PageTitle>
      <header className="unicorn__intro">
        <h1 id="unicorn-title">
          {unicorn ? (
            <>
              <Swatch color={unicorn.color} />
              {unicornTitle(unicorn)}
            </>
          ) : (
            title
          )}
        </h1>
        <Lead />
        {unicorn ? (
          <dl className="fleet__stats">
            <UnicornStatRows stats={unicorn} />
          </dl>
        ) : null}
      </header>
      <ProblemAlert problem={self.problem} onRetry={self.reload} retrying={self.loading} />
      <div className="unicorn__layout">
        <div className="unicorn__work">
          {unicorn ? (
            <section className="panel" aria-labelledby="shift-title">
              <h2 id="shift-title">Shift</h2>
              <ShiftSwitch
                onShift={unicorn.onShift}
                saving={self.saving}
                hasJob={Boolean(job.job)}
                onToggle={() => void self.toggleShift()}
              />
              <ProblemAlert
                problem={self.shiftProblem}
                onRetry={() => void self.toggleShift()}
                retrying={self.saving}
              />
              {/* Whether offers reach the crew as they open; off shift none come, as the switch's words say. */}
              {unicorn.onShift ? <LiveStatus state={offers.live} /> : null}
            </section>
          ) : null}
          <OfferSlot
            card={offers.card}
            busy={offers.busy}
            failure={offers.failure}
            onAnswer={(how) => void offers.answer(how)}
            returnFocus={jobHeading}
          />
          <CurrentJob
            headingRef={jobHeading}
            job={job.job}
            now={job.now}
            checking={job.checking}
            problem={job.problem}
            news={job.news}
            onCheck={job.check}
          />
        </div>
        <div className="unicorn__records">
          <Earnings unicorn={unicorn} loading={self.loading} />
          <JobHistory refresh={job.ended} />
        </div>
      </div>
    </section>
  );
}

/** The unicorn's own view (GET /unicorn/me) and its shift, which is changed only as the API answers. */
function useUnicornSelf() {
  const [unicorn, setUnicorn] = useState<UnicornSelf | null>(null);
  const [loading, setLoading] = useState(true);
  // Whether the first read has answered, either way: until then the page waits (a retry keeps it drawn).
  const [answered, setAnswered] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [shiftProblem, setShiftProblem] = useState<ApiProblem | null>(null);
  // A press that lands before the re-render that marks the switch busy must not send a second change.
  const inFlight = useRef(false);
  const latest = useRef<UnicornSelf | null>(null);
  // Bumped by each shift change: a read that set off before one (or during one) must not undo it.
  const changes = useRef(0);

  const reload = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    const before = changes.current;
    try {
      const read = await unicornSelf();
      if (!inFlight.current && before === changes.current) {
        latest.current = read;
        setUnicorn(read);
      }
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setLoading(false);
      setAnswered(true);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const toggleShift = useCallback(async () => {
    const shown = latest.current;
    if (!shown || inFlight.current) return;
    inFlight.current = true;
    changes.current += 1;
    setSaving(true);
    setShiftProblem(null);
    try {
      const answered = await setShift(!shown.onShift);
      latest.current = answered;
      setUnicorn(answered);
    } catch (error) {
      setShiftProblem(asProblem(error));
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  }, []);

  return { unicorn, loading, answered, problem, reload, saving, shiftProblem, toggleShift };
}

/**
 * The current job: read once, again every 10 s while one is under way, and when the crew asks. When the clock or a
 * read says it has ended, it leaves the screen with a sentence saying how, and `ended` counts up so the earnings
 * and the jobs are read again.
 */
function useCurrentJob(onEnded: () => void) {
  const [job, setJob] = useState<Ride | null | undefined>(undefined);
  const [checking, setChecking] = useState(true);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [news, setNews] = useState<string | null>(null);
  const [ended, setEnded] = useState(0);
  // Only the newest read lands: a poll that set off before the crew's own check must not undo it.
  const reads = useRef(0);
  const shown = useRef<Ride | null | undefined>(undefined);
  // Jobs already seen to end: a read still under way when the clock ended one must not bring it back.
  const over = useRef(new Set<string>());

  const now = useNow(Boolean(job));
  const view = job ? rideAt(job, now) : null;
  const active = view !== null && RideClock.isActive(view.status);

  const finish = useCallback(
    (last: Ride, how: Ride | null) => {
      over.current.add(last.rideId);
      shown.current = null;
      setJob(null);
      setNews(endedSentence(how));
      setEnded((n) => n + 1);
      onEnded();
    },
    [onEnded],
  );

  const read = useCallback(
    async (quietly: boolean) => {
      const mine = ++reads.current;
      if (!quietly) setChecking(true);
      try {
        const answer = await currentJob();
        if (mine !== reads.current) return;
        const found = answer && !over.current.has(answer.rideId) ? answer : null;
        setProblem(null);
        const was = shown.current;
        // The job on screen is gone (the rider cancelled it, or it ended and its unicorn is free): say so.
        if (was && was.rideId !== found?.rideId) finish(was, found ? null : rideAt(was, Date.now()));
        if (!found) {
          if (!was) setJob(null);
          return;
        }
        setNews(null);
        shown.current = found;
        setJob(found);
      } catch (error) {
        // A poll that fails leaves the job as the clock has it; the next poll tries again.
        if (mine === reads.current && !quietly) setProblem(asProblem(error));
      } finally {
        if (mine === reads.current) setChecking(false);
      }
    },
    [finish],
  );

  useEffect(() => {
    void read(false);
  }, [read]);

  const polled = active ? view.rideId : null;
  useEffect(() => {
    if (!polled) return;
    const timer = window.setInterval(() => void read(true), jobPollMs);
    return () => window.clearInterval(timer);
  }, [polled, read]);

  // The clock says the job on screen has ended (dropped off, or the rider never boarded): it leaves the screen now.
  const endedView = view && !active ? view : null;
  useEffect(() => {
    if (endedView) finish(endedView, endedView);
  }, [endedView, finish]);

  // The crew asks again: the news of the last job has been heard by now.
  const check = useCallback(() => {
    if (checking) return;
    setNews(null);
    void read(false);
  }, [checking, read]);

  // A job changed elsewhere (an offer accepted, a ride pushed on the unicorn's channel): read it now, not at the poll.
  const refresh = useCallback(() => void read(false), [read]);

  return { job, now, checking, problem, news, ended, check, refresh };
}

/** What the page is for, shown from the first paint on (it is the page's largest text, so its largest paint is early). */
function Lead() {
  return (
    <p className="lead">
      Go on shift to be offered rides near your unicorn. Take the jobs you want, fly them, and see what you have earned.
    </p>
  );
}

function Swatch({ color }: { color: string }) {
  // The colour is set through the CSSOM, which the site's CSP (style-src 'self') allows; the words say it anyway.
  const paint = useCallback(
    (el: HTMLSpanElement | null) => {
      el?.style.setProperty("--swatch", unicornColour(color));
    },
    [color],
  );
  return <span ref={paint} className="swatch" aria-hidden="true" />;
}

function Earnings({ unicorn, loading }: { unicorn: UnicornSelf | null; loading: boolean }) {
  return (
    <section className="panel earnings" aria-labelledby="earnings-title">
      <h2 id="earnings-title">Earnings</h2>
      {unicorn ? (
        <>
          <dl className="earnings__figures">
            <div>
              <dt>Today</dt>
              <dd>{formatMoney(unicorn.earnings.today)}</dd>
            </div>
            <div>
              <dt>All time</dt>
              <dd>{formatMoney(unicorn.earnings.total)}</dd>
            </div>
          </dl>
          <p className="earnings__note">
            Your share of what your riders paid. Today counts jobs that ended since midnight UTC.
          </p>
        </>
      ) : (
        <p>{loading ? "Loading your earnings…" : "Your earnings can't be shown right now."}</p>
      )}
    </section>
  );
}

/** The API's 403: this account flies no unicorn (a rider's), or one of the crew not linked to a unicorn yet. */
function NotAUnicorn({ account, reason }: { account: Rider; reason: string }) {
  return (
    <section className="panel panel--narrow" aria-labelledby="unicorn-title">
      <PageTitle>{title}</PageTitle>
      <h1 id="unicorn-title">{title}</h1>
      <div className="alert alert--info" role="alert">
        <p className="alert__text">
          {isUnicorn(account)
            ? reason
            : "This page is for unicorn accounts: the crews who fly Wild Rydes' unicorns. Your account is a rider's."}
        </p>
      </div>
      <p className="form-actions">
        <PageLink href="/ride/" className="button button--primary">
          Request a ride
        </PageLink>
      </p>
    </section>
  );
}

/** An API problem shown in place, with a way forward: try again when that can help, or sign in again. */

import type { ApiProblem } from "../lib/api-client";
import { PageLink } from "./PageLink";

export function ProblemAlert({
  problem,
  onRetry,
  retrying = false,
}: {
  problem: ApiProblem | null;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  if (!problem) return null;
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__text">{problem.message}</p>
      {problem.retryable && onRetry ? (
        <button
          type="button"
          className="button button--small"
          onClick={onRetry}
          disabled={retrying}
          aria-busy={retrying || undefined}
        >
          {retrying ? <span className="spinner" aria-hidden="true" /> : null}
          Try again
        </button>
      ) : null}
      {problem.code === "UNAUTHORIZED" ? <PageLink href="/signin/">Sign in again</PageLink> : null}
    </div>
  );
}

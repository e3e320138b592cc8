/**
 * The operator's side of the API (issue 23): GET /ops/metrics. Apart from lib/api-client.ts so that only the
 * dashboard carries it. An account outside the `operators` group is refused with 403 FORBIDDEN; a range over 31 days,
 * or one that ends before it starts, with 400 VALIDATION_ERROR (the page checks both first: lib/ops/range.ts).
 */
import { ApiProblem, call } from "./api-client";
import type { OpsMetrics } from "./ops/metrics";
import { type Bucket, metricsQuery, type Range } from "./ops/range";

/** api-client's sentences are a rider's; these are what an operator is told instead. */
const operatorWords: Record<string, string> = {
  VALIDATION_ERROR: "The server refused that range. Choose at most 31 days, ending after it starts.",
  FORBIDDEN: "This page is for operators.",
  NOT_FOUND: "The metrics service isn't available on this server yet.",
};

export async function opsMetrics(range: Range, bucket: Bucket): Promise<OpsMetrics> {
  try {
    return await call<OpsMetrics>("GET", `/ops/metrics?${metricsQuery(range, bucket)}`);
  } catch (error) {
    const words = error instanceof ApiProblem ? operatorWords[error.code] : undefined;
    if (!(error instanceof ApiProblem) || !words) throw error;
    throw new ApiProblem(error.code, words, error.status, error.details);
  }
}

/** GET /ops/metrics — the ride-events lake's figures over a range (operators only), answered through Athena. */
import { OpsMetricsQuery, parseOrThrow } from "@wildrydes/core/rules/request-bodies";
import { opsMetrics } from "../../edge/athena";
import { route } from "../../edge/http";

export const handler = route(
  "operator",
  (request) => parseOrThrow(OpsMetricsQuery, request.query, "query"),
  async (query) => ({ status: 200, body: await opsMetrics(query) }),
);

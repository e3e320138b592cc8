/**
 * Dollars per million rides on AWS from the measured handler durations and consumed capacity. List prices are
 * us-east-1 as of the author's knowledge (mid 2025) and MUST be checked against the AWS pricing pages before use.
 */
import { handlerDefaults } from "@wildrydes/functions/routes";
import type { HandlerCost } from "./journey";

export const prices = {
  asOf: "us-east-1 list prices as known in mid 2025 — check https://aws.amazon.com/pricing before relying on them",
  httpApiPerMillion: 1.0,
  restApiPerMillion: 3.5,
  lambdaRequestPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  lambdaX86GbSecond: 0.0000166667,
  dynamoWriteUnitPerMillion: 0.625,
  dynamoReadUnitPerMillion: 0.125,
  cloudFrontPerGb: 0.085,
  cloudFrontHttpsPer10k: 0.01,
  logsIngestPerGb: 0.5,
};

/**
 * One ride as the web app makes it: open the ride page (lists rides), get a quote, request it, look at it, then
 * cancel it or board and rate it, see the fleet. The sweep that completes the trip is priced apart (sweep-cost).
 */
export const journey: Record<string, number> = {
  "GET /rides": 1,
  "POST /quotes": 1,
  "POST /rides": 1,
  "POST /rides/{rideId}/cancel": 0.5,
  "POST /rides/{rideId}/board": 0.5,
  "POST /rides/{rideId}/rating": 0.5,
  "GET /rides/{rideId}": 1,
  "GET /unicorns": 1,
};

export interface CostLine {
  item: string;
  basis: string;
  httpApi: number;
  workshopRestApi: number;
}

export interface CostModel {
  lines: CostLine[];
  totalHttpApi: number;
  totalWorkshop: number;
  requestsPerRide: number;
  assumptions: string[];
}

const million = 1_000_000;

export function costModel(handlers: HandlerCost[], pageKbPerRide: number, requestsPerPage: number): CostModel {
  const memoryGb = Number.parseInt(handlerDefaults.memory, 10) / 1024;
  const arm = handlerDefaults.architecture === "arm64";
  let requests = 0;
  let gbSeconds = 0;
  let readUnits = 0;
  let writeUnits = 0;
  for (const [route, perRide] of Object.entries(journey)) {
    const h = handlers.find((x) => x.route === route);
    if (!h) continue;
    requests += perRide;
    gbSeconds += perRide * memoryGb * (Math.ceil(h.meanMs) / 1000);
    readUnits += perRide * h.billedReadUnits;
    writeUnits += perRide * h.writeUnits;
  }
  const gbPrice = arm ? prices.lambdaArmGbSecond : prices.lambdaX86GbSecond;
  const pages = 2;
  const logKbPerInvocation = 0.6;
  const same = (item: string, basis: string, dollars: number): CostLine => ({
    item,
    basis,
    httpApi: dollars,
    workshopRestApi: dollars,
  });
  const lines: CostLine[] = [
    {
      item: "API front door",
      basis: `${requests} requests/ride; HTTP API $${prices.httpApiPerMillion}/M vs REST edge $${prices.restApiPerMillion}/M`,
      httpApi: requests * prices.httpApiPerMillion,
      workshopRestApi: requests * prices.restApiPerMillion,
    },
    same("Lambda requests", `${requests} invocations/ride`, requests * prices.lambdaRequestPerMillion),
    same(
      "Lambda duration",
      `${gbSeconds.toFixed(4)} GB-s/ride (${handlerDefaults.memory}, ${handlerDefaults.architecture}, measured warm ms)`,
      gbSeconds * gbPrice * million,
    ),
    same(
      "DynamoDB writes",
      `${writeUnits.toFixed(1)} WRU/ride (on-demand)`,
      writeUnits * prices.dynamoWriteUnitPerMillion,
    ),
    same("DynamoDB reads", `${readUnits.toFixed(1)} RRU/ride (on-demand)`, readUnits * prices.dynamoReadUnitPerMillion),
    same(
      "CloudWatch Logs",
      `~${logKbPerInvocation} KB/invocation (EMF line + START/END/REPORT), estimated`,
      ((requests * logKbPerInvocation * million) / 1024 / 1024) * prices.logsIngestPerGb,
    ),
    same(
      "CloudFront (cold page loads)",
      `${pages} pages/ride × ${pageKbPerRide.toFixed(0)} KB, ${requestsPerPage} requests each; no browser cache`,
      ((pages * pageKbPerRide * million) / 1024 / 1024) * prices.cloudFrontPerGb +
        ((pages * requestsPerPage * million) / 10_000) * prices.cloudFrontHttpsPer10k,
    ),
  ];
  return {
    lines,
    totalHttpApi: lines.reduce((sum, l) => sum + l.httpApi, 0),
    totalWorkshop: lines.reduce((sum, l) => sum + l.workshopRestApi, 0),
    requestsPerRide: requests,
    assumptions: [
      `A ride: ${Object.entries(journey)
        .map(([r, n]) => `${n}× ${r}`)
        .join(", ")}; two page loads.`,
      "The workshop column swaps only the front door (REST API, edge-optimized) at the same requests, so the gap is " +
        "the API product alone.",
      "Lambda durations are warm in-process handler times against DynamoDB Local on this shared 2-core host; real " +
        "DynamoDB latency differs. Billed per 1 ms, rounded up per invocation.",
      "Reads and writes: as DynamoDB Local reports them (ReturnConsumedCapacity=INDEXES), each read raised to AWS's " +
        "0.5 RRU minimum.",
      "The scheduled sweep that completes boarded trips and ends no-shows is not in this sum: its cost per ended " +
        "ride and per idle run is measured apart (the sweep's cost vs backlog).",
      "No free tier, no S3 cost (CloudFront serves from cache), no data transfer out for API responses.",
    ],
  };
}

// One Lambda-like cold start: a fresh node process imports a bundle and serves one event, then prints JSON.
// performance.now() counts from process start, so `totalMs` includes Node's own bootstrap, as a Lambda init does.
import { subscribe } from "node:diagnostics_channel";
import { pathToFileURL } from "node:url";

// Time with at least one HTTP request to DynamoDB Local in flight (from the request's creation, connect included,
// to its response), subscribed before the bundle loads: what the first request waits for rather than computes.
// Also how many requests: a route's first request cannot cost less than its calls.
let [dbMs, dbCalls, inFlight, since] = [0, 0, 0, 0];
subscribe("http.client.request.start", () => {
  dbCalls++;
  if (inFlight++ === 0) since = performance.now();
});
subscribe("http.client.response.finish", () => {
  if (--inFlight === 0) dbMs += performance.now() - since;
});

const [bundle, eventJson] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const importMs = performance.now();
const context = {
  awsRequestId: "bench-cold",
  functionName: "bench",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:bench",
  memoryLimitInMB: "1769",
  getRemainingTimeInMillis: () => 10_000,
};
const result = await handler(JSON.parse(eventJson), context);
const totalMs = performance.now();
const status = result?.statusCode ?? (result?.batchItemFailures?.length ? 500 : 200);
const rssMb = process.memoryUsage().rss / 2 ** 20;
process.stdout.write(`\n${JSON.stringify({ totalMs, importMs, dbMs, dbCalls, status, rssMb })}\n`);
process.exit(0);

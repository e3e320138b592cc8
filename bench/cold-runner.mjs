// One Lambda-like cold start: a fresh node process imports a bundle and serves one event, then prints JSON.
// performance.now() counts from process start, so `totalMs` includes Node's own bootstrap, as a Lambda init does.
import { subscribe } from "node:diagnostics_channel";
import { ClientRequest } from "node:http";
import { pathToFileURL } from "node:url";

// Time with at least one HTTP request in flight (connect included), subscribed before the bundle loads: what the
// first request waits for rather than computes. Each DynamoDB request is recorded (operation, wire body, and whether
// it overlapped the one before) so cold.ts can bundle a baseline that makes the same calls with the bare SDK.
let [dbMs, inFlight, since] = [0, 0, 0];
const calls = [];
subscribe("http.client.request.start", ({ request }) => {
  const op = String(request.getHeader("x-amz-target") ?? "").split(".")[1];
  if (op) calls.push({ op, body: request.benchBody, parallel: inFlight > 0 });
  if (inFlight++ === 0) since = performance.now();
});
subscribe("http.client.response.finish", () => {
  if (--inFlight === 0) dbMs += performance.now() - since;
});
const end = ClientRequest.prototype.end;
// Node publishes a request's start once it has ended, so its body is known by then.
ClientRequest.prototype.end = function (chunk, ...rest) {
  if (chunk && typeof chunk !== "function") this.benchBody = String(chunk);
  return end.call(this, chunk, ...rest);
};

const [bundle, eventJson] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const importMs = performance.now();
const context = { awsRequestId: "bench-cold", functionName: "bench", getRemainingTimeInMillis: () => 10_000 };
const result = await handler(JSON.parse(eventJson), context);
const totalMs = performance.now();
const { user, system } = process.cpuUsage(); // CPU time: what a loaded host's scheduling does not add
const status = result?.statusCode ?? (result?.batchItemFailures?.length ? 500 : 200);
const rssMb = process.memoryUsage().rss / 2 ** 20;
process.stdout.write(
  `\n${JSON.stringify({ totalMs, importMs, cpuMs: (user + system) / 1e3, dbMs, status, rssMb, calls })}\n`,
);
process.exit(0);

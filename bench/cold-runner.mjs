// One Lambda-like cold start: a fresh node process imports a bundle and serves one event, then prints JSON.
// performance.now() counts from process start, so `totalMs` includes Node's own bootstrap, as a Lambda init does.
import { subscribe } from "node:diagnostics_channel";
import { ClientRequest } from "node:http";
import { pathToFileURL } from "node:url";

// Time with at least one HTTP request in flight (connect included), subscribed before the bundle loads: what the
// first request waits for rather than computes. Each DynamoDB request or fetch is recorded (operation, body, whether
// it overlapped the one before) so cold.ts can bundle a baseline that makes the same calls with the bare SDK.
let [dbMs, inFlight, since] = [0, 0, 0];
const calls = [];
const started = (op, body) => {
  if (op) calls.push({ op, body, parallel: inFlight > 0 });
  if (inFlight++ === 0) since = performance.now();
};
const ended = () => {
  if (--inFlight === 0) dbMs += performance.now() - since;
};
subscribe("http.client.request.start", ({ request }) =>
  started(String(request.getHeader("x-amz-target") ?? "").split(".")[1], request.benchBody),
);
subscribe("http.client.response.finish", ended);
const end = ClientRequest.prototype.end;
// Node publishes a request's start once it has ended, so its body is known by then.
ClientRequest.prototype.end = function (chunk, ...rest) {
  if (chunk && typeof chunk !== "function") this.benchBody = String(chunk);
  return end.call(this, chunk, ...rest);
};
// A fetch is a call too (a publish to the Event API or Firehose), with the service its signature names.
const fetched = globalThis.fetch;
globalThis.fetch = (url, { headers, method, body }) => {
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(headers.authorization ?? "")?.[1];
  const type = { "content-type": headers["content-type"] };
  started("fetch", JSON.stringify({ service, url: String(url), method, headers: type, body }));
  return fetched(url, { headers, method, body }).finally(ended);
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

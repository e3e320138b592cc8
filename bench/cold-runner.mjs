// One Lambda-like cold start: a fresh node process imports a bundle and serves one event, then prints JSON.
// performance.now() counts from process start, so `totalMs` includes Node's own bootstrap, as a Lambda init does.
import { pathToFileURL } from "node:url";

const [bundle, eventJson] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const context = {
  awsRequestId: "bench-cold",
  functionName: "bench",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:bench",
  memoryLimitInMB: "512",
  getRemainingTimeInMillis: () => 10_000,
};
const result = await handler(JSON.parse(eventJson), context);
const totalMs = performance.now();
const status = result?.statusCode ?? (result?.batchItemFailures?.length ? 500 : 200);
const rssMb = process.memoryUsage().rss / 2 ** 20;
// CPU time since process start: on a loaded host it tells work from waiting for a core.
const { user, system } = process.cpuUsage();
const cpuMs = (user + system) / 1000;
process.stdout.write(`\n${JSON.stringify({ totalMs, importMs: imported, status, rssMb, cpuMs })}\n`);
process.exit(0);

// One Lambda-like cold start: a fresh node process imports a bundle and serves one event. Prints JSON timings.
// performance.now() counts from process start, so `totalMs` includes Node's own bootstrap, as a Lambda init does.
import { pathToFileURL } from "node:url";

const [bundle, eventJson] = process.argv.slice(2);
const importStarted = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const context = {
  awsRequestId: "bench-cold",
  functionName: "bench",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:bench",
  memoryLimitInMB: "512",
  logGroupName: "/aws/lambda/bench",
  logStreamName: "bench",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done() {},
  fail() {},
  succeed() {},
};
const result = await mod.handler(JSON.parse(eventJson), context);
const answered = performance.now();
process.stdout.write(
  `\n${JSON.stringify({
    totalMs: answered,
    bootMs: importStarted,
    importMs: imported - importStarted,
    invokeMs: answered - imported,
    statusCode: result?.statusCode ?? 0,
  })}\n`,
);
process.exit(0);

/**
 * JSON logs from Powertools with the request's context. Handlers log only when something goes wrong, so the logger
 * is loaded and made on the first log line: a request that logs nothing pays for neither.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";

let made: Promise<Logger> | undefined;

export async function logger(context?: Context): Promise<Logger> {
  made ??= import("@aws-lambda-powertools/logger").then(({ Logger }) => new Logger({ serviceName: "wildrydes-api" }));
  const log = await made;
  if (context) log.addContext(context);
  return log;
}

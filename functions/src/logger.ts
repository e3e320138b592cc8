/** JSON logs from Powertools with the request id, for every handler; its metrics live in ./observability. */
import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({ serviceName: "wildrydes-api" });

/**
 * What an operator watches: CloudWatch alarms (alarms.ts, thresholds in alarm-rules.ts) on the API,
 * every function, the table, the stream and its dead letters, and one dashboard (dashboard.ts) with the
 * same figures plus the rides' own metrics. Alarms go to a topic of their own, e-mailed like the operations topic:
 * a pager or chat can take alarms alone, and no function may publish there.
 */
import { offerChain } from "../../functions/src/catalogue/routes";
import { api, routeFunctions } from "../api";
import { offerChainWorkflow } from "../dispatch";
import { deadLetters, emailAlerts, subscribers } from "../events";
import { crons } from "../schedules";
import { table } from "../storage";
import { declareAlarms, type Watched } from "./alarms";
import { declareDashboard } from "./dashboard";

export const alarmsTopic = new sst.aws.SnsTopic("AlarmsTopic");
emailAlerts("Alarms", alarmsTopic);

const watched: Watched = {
  apiId: api.nodes.api.id,
  tableName: table.name,
  queueName: deadLetters.nodes.queue.name,
  functions: [
    ...routeFunctions.map((fn) => ({ ...fn, kind: "route" as const })),
    ...crons.map((fn) => ({ ...fn, kind: "schedule" as const })),
    { name: offerChain.name, kind: "workflow", functionName: offerChainWorkflow.name },
    ...subscribers.map(({ name, subscriber }) => ({
      name,
      kind: "subscriber" as const,
      functionName: subscriber.apply((declared) => declared.nodes.function.apply((fn) => fn.name)),
    })),
  ],
};

declareAlarms(watched, alarmsTopic.arn);
export const dashboard = declareDashboard(watched);

/**
 * Stream subscriber: rides with a fare of $50+ or a trip of 20 km+ are published to the operations topic (logged
 * locally, where there is no topic). The filter keeps every other record away from this function.
 */
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { Fares } from "@wildrydes/core/rules/fares";
import { Tallies } from "@wildrydes/core/store/tallies";
import { Resource } from "sst";
import { logger } from "../../edge/logger";
import { rideSubscriber } from "../../edge/stream";

let sns: SNSClient | undefined;

function topicArn(): string | undefined {
  try {
    return (Resource as unknown as { OperationsTopic?: { arn: string } }).OperationsTopic?.arn;
  } catch {
    return undefined;
  }
}

export const handler = rideSubscriber(async ({ ride }) => {
  const summary = `Extraordinary ride ${ride.rideId}: ${Fares.format(ride.fare)}, ${(ride.distanceMetres / 1000).toFixed(1)} km`;
  if (!(await Tallies.claimNotice(ride, "extraordinary"))) return; // a redelivered record: already told
  const arn = topicArn();
  if (!arn) {
    // Locally there is no topic: the log line is the notice (in the cloud the topic's subscribers are).
    (await logger()).warn(summary, { rideId: ride.rideId, fare: ride.fare, distanceMetres: ride.distanceMetres });
    return;
  }
  sns ??= new SNSClient({});
  try {
    await sns.send(new PublishCommand({ TopicArn: arn, Subject: "Extraordinary ride", Message: summary }));
  } catch (error) {
    await Tallies.releaseNotice(ride, "extraordinary");
    throw error;
  }
});

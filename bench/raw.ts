/** DynamoDB Local's own pace: raw TransactWriteItems shaped like a booking, and core's dispatch loop without HTTP. */
import { DynamoDBClient, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { random, tripInCity } from "./dispatch-cost";
import { region } from "./dynamo";
import { forSeconds, pool } from "./load";

/**
 * Transactions per second at `concurrency`: each updates a worker's own item and its rider summary under
 * conditions and puts a new ride-sized item under attribute_not_exists, like Booking.book, with a client tuned like
 * core's.
 */
export async function rawTransactionRate(endpoint: string, tableName: string, concurrency: number, seconds: number) {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: concurrency } },
  });
  let sequence = 0;
  const transact = async (w: number) => {
    const id = String(++sequence).padStart(8, "0");
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: { pk: { S: `RAW#${w}` }, sk: { S: "PROFILE" } },
              UpdateExpression: "SET #status = :busy, rideId = :id",
              ConditionExpression: "attribute_not_exists(#status) OR #status <> :gone",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":busy": { S: "BUSY" }, ":gone": { S: "GONE" }, ":id": { S: id } },
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: { pk: { S: `RAWRIDER#${w}` }, sk: { S: "PROFILE" } },
              UpdateExpression: "SET activeRideId = :id, activeUntil = :until",
              ConditionExpression: "attribute_not_exists(activeRideId) OR activeUntil <= :until",
              ExpressionAttributeValues: { ":id": { S: id }, ":until": { S: new Date().toISOString() } },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                pk: { S: `RAWRIDER#${w}` },
                sk: { S: `RIDE#${id}` },
                status: { S: "EN_ROUTE" },
                pickup: { M: { latitude: { N: "47.61" }, longitude: { N: "-122.33" } } },
                dropoff: { M: { latitude: { N: "47.62" }, longitude: { N: "-122.34" } } },
                fare: { M: { amount: { N: "812" }, currency: { S: "USD" } } },
                unicorn: { M: { name: { S: `Raw${w}` }, color: { S: "Grey" }, gender: { S: "Male" } } },
                requestedAt: { S: new Date().toISOString() },
                // An active ride sits in the sweep's due index: that index write is part of booking's cost.
                gsi3pk: { S: "RAWDUE" },
                gsi3sk: { S: `${new Date().toISOString()}#${id}` },
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
  };
  await pool(
    concurrency,
    (n) => n < concurrency * 5,
    async (w) => transact(w).then(() => null),
  );
  const run = await forSeconds(concurrency, seconds, transact);
  const rate = run.done / run.seconds;
  client.destroy();
  return rate;
}

/** Rides requested and cancelled per second through core alone (no HTTP, no JWT). */
export async function coreDispatchRate(concurrency: number, seconds: number): Promise<number> {
  const { Rides } = await import("@wildrydes/core/rides");
  const next = random(23);
  const run = await forSeconds(concurrency, seconds, async (w) => {
    const { ride } = await Rides.requestRide(`core-rate-${w}`, tripInCity(next));
    await Rides.cancelRide(`core-rate-${w}`, ride.rideId);
  });
  return run.done / run.seconds;
}

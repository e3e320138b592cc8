/** The whole stack without the web server: real DynamoDB Local, cognito-local, gateway and the REAL handlers. */
import { execFileSync } from "node:child_process";
import { newRider, type Rider } from "@wildrydes/testing/rider-accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../local/src/stack";

// A stack of its own: these tests read its log and stop it.
let stack: Stack;
let rider: Rider;
const lines: string[] = [];

beforeAll(async () => {
  stack = await startStack({ web: false, log: (line) => lines.push(line) });
  rider = await newRider(stack.endpoints, "stack@example.com");
});

afterAll(async () => stack?.stop());

const api = (path: string, init: RequestInit = {}) => fetch(`${stack.endpoints.apiUrl}${path}`, init);

describe("local stack", () => {
  it("reports endpoints on 127.0.0.1 and the fixed verification code", () => {
    const e = stack.endpoints;
    expect(e.webUrl).toBeNull();
    expect([e.siteApiUrl, e.siteCognitoEndpoint]).toEqual([null, null]); // no site, so no route through it
    for (const url of [e.apiUrl, e.cognitoEndpoint, e.dynamodbEndpoint])
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(e).toMatchObject({
      userPoolId: "us-east-1_LocalPool1",
      region: "us-east-1",
      verificationCode: "123456",
      tableName: "wildrydes-local",
    });
  });

  it("requests a ride through the real route table and handlers, then lists it", async () => {
    const request = await api("/rides", {
      method: "POST",
      headers: { authorization: `Bearer ${rider.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        pickup: { latitude: 47.61, longitude: -122.33 },
        dropoff: { latitude: 47.62, longitude: -122.33 },
      }),
    });
    expect(request.status).toBe(201);
    const ride = (await request.json()) as { rideId: string; status: string; unicorn: { name: string } };
    expect(["EN_ROUTE", "ARRIVED"]).toContain(ride.status);
    expect(ride.unicorn.name).toBeTruthy(); // the seeded fleet is there

    const list = await api("/rides", { headers: { authorization: `Bearer ${rider.accessToken}` } });
    expect(list.status).toBe(200);
    const { rides } = (await list.json()) as { rides: { rideId: string }[] };
    expect(rides.map((r) => r.rideId)).toContain(ride.rideId);
  });

  it("keeps the real handlers behind the authorizer", async () => {
    const response = await api("/rides", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "Unauthorized" });
  });

  it("logs one line per request without tokens", () => {
    const requestLines = lines.filter((line) => /^(GET|POST) \/rides \d{3} \d+ms$/.test(line));
    expect(requestLines.length).toBeGreaterThanOrEqual(3);
    expect(lines.join("\n")).not.toContain(rider.accessToken.slice(0, 40));
  });

  it("leaves no java or cognito-local process behind after stop", async () => {
    const port = new URL(stack.endpoints.dynamodbEndpoint).port;
    await stack.stop();
    const stillRunning = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
      .split("\n")
      .filter((args) => args.includes("DynamoDBLocal.jar") && args.includes(`-port ${port}`));
    expect(stillRunning).toEqual([]);
    await expect(fetch(stack.endpoints.cognitoEndpoint)).rejects.toThrow();
  });
});

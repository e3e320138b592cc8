/** Riders for tests, e2e and the bench: a brand-new verified rider on the local stack, signed in. */
import { randomUUID } from "node:crypto";
import { createRider, type Tokens } from "@wildrydes/local/cognito/accounts";
import type { Endpoints } from "@wildrydes/local/stack";

/** Meets the pool's password policy. */
export const password = "Unicorn-Rides-2026";

export interface Rider extends Tokens {
  email: string;
  password: string;
  /** The rider's id: the `sub` claim, and the partition of their rides. */
  sub: string;
}

/** A fresh address each time, so riders of parallel tests on one stack never meet. */
export function uniqueEmail(label = "rider"): string {
  return `${label}-${randomUUID().slice(0, 12)}@example.com`;
}

type CognitoSide = Pick<Endpoints, "cognitoEndpoint" | "userPoolClientId" | "verificationCode">;

/** Signs up, confirms with the stack's fixed code and signs in, through Cognito's own API calls (about 50 ms). */
export async function newRider(endpoints: CognitoSide, email = uniqueEmail()): Promise<Rider> {
  const { cognitoEndpoint: endpoint, userPoolClientId: clientId, verificationCode: code } = endpoints;
  return { email, password, ...(await createRider({ endpoint, clientId, code }, email, password)) };
}

/** `count` new riders at once, their emails labelled for the logs. */
export function newRiders(endpoints: CognitoSide, count: number, label = "rider"): Promise<Rider[]> {
  return Promise.all(Array.from({ length: count }, () => newRider(endpoints, uniqueEmail(label))));
}

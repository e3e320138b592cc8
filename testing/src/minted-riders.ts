/**
 * Riders for load tests: tokens signed with the local pool's own key (testing/src/tokens.ts), as genuine to the
 * gateway's authorizer as signed-in riders' and a hundred times quicker to make. No account exists behind them, so
 * they suit the API only (not Cognito, nor anything that looks the account up).
 */
import { randomUUID } from "node:crypto";
import { localIssuer } from "@wildrydes/local/cognito/cognito-local";
import type { Endpoints } from "@wildrydes/local/stack";
import { accessClaims, signAsPool } from "./tokens";

export interface MintedRider {
  sub: string;
  accessToken: string;
}

export function mintedRiders(side: Pick<Endpoints, "userPoolClientId">, count: number): Promise<MintedRider[]> {
  const issuer = localIssuer;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const sub = randomUUID();
      const claims = { ...accessClaims({ issuer, clientId: side.userPoolClientId }), sub, username: sub };
      return { sub, accessToken: await signAsPool(claims) };
    }),
  );
}

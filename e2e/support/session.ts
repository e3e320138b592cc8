/**
 * Signs a rider in without the sign-in form, by writing the tokens where Amplify v6 keeps them (localStorage,
 * `CognitoIdentityServiceProvider.<clientId>.<username>.*`). Used where signing in is not what the test is about.
 */
import type { Page } from "@playwright/test";
import type { Endpoints } from "@wildrydes/local/stack";

export interface SessionTokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
}

/** The same token with a changed payload: the signature no longer matches, which only the server notices. */
export function withClaims(jwt: string, changes: Record<string, unknown>): string {
  const [header, , signature] = jwt.split(".");
  const payload = Buffer.from(JSON.stringify({ ...claimsOf(jwt), ...changes })).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The same token with a broken signature: still unexpired, so the browser uses it and the API must refuse it. */
export function forged(jwt: string): string {
  const [header, payload, signature = ""] = jwt.split(".");
  const flipped = `${signature.slice(0, -4)}${signature.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
  return `${header}.${payload}.${flipped}`;
}

export async function seedSession(page: Page, endpoints: Endpoints, email: string, tokens: SessionTokens) {
  const username = String(claimsOf(tokens.accessToken).username ?? claimsOf(tokens.accessToken).sub);
  // Any page of the site's origin gives access to its localStorage; the icon loads no app code.
  await page.goto("/favicon.svg");
  await page.evaluate(
    ({ prefix, username, email, tokens }) => {
      localStorage.setItem(`${prefix}.LastAuthUser`, username);
      localStorage.setItem(`${prefix}.${username}.accessToken`, tokens.accessToken);
      localStorage.setItem(`${prefix}.${username}.idToken`, tokens.idToken);
      localStorage.setItem(`${prefix}.${username}.refreshToken`, tokens.refreshToken);
      localStorage.setItem(`${prefix}.${username}.clockDrift`, "0");
      localStorage.setItem(
        `${prefix}.${username}.signInDetails`,
        JSON.stringify({ loginId: email, authFlowType: "USER_PASSWORD_AUTH" }),
      );
    },
    { prefix: `CognitoIdentityServiceProvider.${endpoints.userPoolClientId}`, username, email, tokens },
  );
}

/** Presses Tab until `isTarget` holds, proving the target is reachable by keyboard in a sane number of steps. */
export async function tabTo(page: Page, isTarget: () => Promise<boolean>, maxPresses = 20): Promise<number> {
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press("Tab");
    if (await isTarget()) return presses;
  }
  throw new Error(`not reached within ${maxPresses} presses of Tab`);
}

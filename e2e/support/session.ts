/**
 * Signs a rider in without the sign-in form, by writing the tokens where Amplify v6 keeps them (localStorage,
 * `CognitoIdentityServiceProvider.<clientId>.<username>.*`). Used where signing in is not what the test is about.
 */
import type { Page } from "@playwright/test";
import type { Tokens } from "@wildrydes/local/cognito/accounts";
import type { Endpoints } from "@wildrydes/local/stack";
import { claimsOf } from "@wildrydes/testing/tokens";

export async function seedSession(page: Page, endpoints: Endpoints, email: string, tokens: Tokens) {
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
        JSON.stringify({ loginId: email, authFlowType: "USER_SRP_AUTH" }),
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

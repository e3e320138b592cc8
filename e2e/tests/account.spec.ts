/** Signing in and out, a forgotten password, and what happens when a session ends or needs refreshing. */
import { seattleFleet } from "@wildrydes/core/rules/roster";
import { signIn } from "@wildrydes/local/cognito/accounts";
import { brokenSignature, claimsOf, tampered } from "@wildrydes/testing/tokens";
import { expect, test } from "../fixtures";

test("a wrong password is refused in place, and the right one signs the rider in", async ({ page, account }) => {
  await page.goto("/signin/");
  await page.getByRole("textbox", { name: "Email" }).fill(account.email);
  await page.getByLabel("Password").fill("Not-The-Password-1");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "That email and password don't match. Check them and try again.",
  );
  await expect(page).toHaveURL(/\/signin\/$/);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/ride\/$/);
  await expect(page.getByRole("banner").getByText(account.email)).toBeVisible();
});

test("a rider who forgot their password sets a new one with the emailed code", async ({ page, account, endpoints }) => {
  const newPassword = "Brand-New-Horn-77";
  await page.goto(`/signin/`);
  await page.getByRole("textbox", { name: "Email" }).fill(account.email);
  await page.getByRole("link", { name: "Forgot your password?" }).click();

  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Email" })).toHaveValue(account.email);
  await page.getByRole("button", { name: "Send reset code" }).click();
  await expect(page.getByRole("status")).toHaveText(/we've sent it a code/);
  await expect(page.getByRole("textbox", { name: "Reset code" })).toBeFocused();

  await page.getByRole("textbox", { name: "Reset code" }).fill(endpoints.verificationCode);
  await page.getByLabel("New password", { exact: true }).fill("short");
  await expect(page.getByRole("listitem").filter({ hasText: "An uppercase letter" })).toContainText("(not yet)");
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await expect(page.getByRole("listitem").filter({ hasText: "An uppercase letter" })).toContainText("(done)");
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();

  await expect(page).toHaveURL(/\/signin\/\?.*reset=1/);
  await expect(page.getByRole("status")).toHaveText(/Your password has been changed/);
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/ride\/$/);
  const client = { endpoint: endpoints.cognitoEndpoint, id: endpoints.userPoolClientId };
  await expect(signIn(client.endpoint, client.id, account.email, account.password)).rejects.toThrow(/NotAuthorized/);
});

test("signing out ends the session: the header offers sign in and rider pages ask for it", async ({
  page,
  account,
}) => {
  await account.signIn(page);
  await page.goto("/rides/");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(".accessToken")));
  expect(stored).toEqual([]);

  await page.goto("/rides/");
  await expect(page).toHaveURL(/\/signin\/\?next=%2Frides%2F$/);
});

test("a signed-out rider who opens a rider page signs in and comes back to it", async ({ page, account }) => {
  await page.goto("/unicorns/");
  await expect(page).toHaveURL(/\/signin\/\?next=%2Funicorns%2F$/);
  await page.getByRole("textbox", { name: "Email" }).fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/unicorns\/$/);
  // The whole fleet as seeded, its crewed unicorns too.
  await expect(page.getByRole("status")).toHaveText(
    new RegExp(`^\\d+ of ${seattleFleet.length} unicorns are free\\.$`),
  );
});

test("when the API refuses the session, the rider is sent to sign in with a clear message and comes back", async ({
  page,
  account,
}) => {
  await account.signIn(page, { ...account.tokens, accessToken: brokenSignature(account.tokens.accessToken) });
  await page.goto("/rides/");
  await expect(page).toHaveURL(/\/signin\/\?next=%2Frides%2F&expired=1$/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Your session has ended. Please sign in again to carry on.",
  );
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.getByRole("textbox", { name: "Email" }).fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/rides\/$/);
  await expect(page.getByRole("heading", { name: "No rides yet" })).toBeVisible();
});

test("an expired access token is refreshed silently and the rider carries on", async ({ page, account }) => {
  const expired = tampered(account.tokens.accessToken, { exp: Math.floor(Date.now() / 1000) - 60 });
  expect(claimsOf(expired).exp).toBeLessThan(Date.now() / 1000);
  const refresh = page.waitForRequest(
    (r) => r.headers()["x-amz-target"] === "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken",
  );
  await account.signIn(page, { ...account.tokens, accessToken: expired });
  await page.goto("/rides/");
  await refresh;
  await expect(page.getByRole("heading", { name: "No rides yet" })).toBeVisible();
  await expect(page).toHaveURL(/\/rides\/$/);
});

test("an empty registration says what each field is missing, and a mismatch only once both passwords are filled", async ({
  page,
}) => {
  await page.goto("/register/");
  await page.getByRole("button", { name: "Create account" }).click();
  const email = page.getByRole("textbox", { name: "Email" });
  const password = page.getByLabel("Password", { exact: true });
  const confirm = page.getByLabel("Confirm password");
  await expect(email).toHaveAccessibleDescription("Enter your email address.");
  await expect(email).toBeFocused();
  await expect(password).toHaveAccessibleDescription(/Choose a password\.$/);
  await expect(confirm).toHaveAccessibleDescription("Repeat the password.");
  await expect(page.getByText(/don't match/)).toHaveCount(0);

  await email.fill("new-rider@example.com");
  await password.fill("Golden-Horn-42");
  await confirm.fill("Golden-Horn-43");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(confirm).toHaveAccessibleDescription("The passwords don't match.");
  await expect(confirm).toBeFocused();
  await expect(page.getByText("Enter your email address.")).toHaveCount(0);
  await expect(page).toHaveURL(/\/register\/$/);
});

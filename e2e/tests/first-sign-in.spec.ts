/**
 * An account an administrator adds with a temporary password (scripts/add-account.ts; Cognito mails the password in
 * the cloud) signs in on the sign-in page, is asked to choose its own password (Cognito's NEW_PASSWORD_REQUIRED),
 * and lands where its role starts; axe on the form. Its accounts fly no unicorn and touch no shift, so the shared
 * stack serves.
 */
import type { Page } from "@playwright/test";
import { groups } from "@wildrydes/core/rules/roles";
import { signIn } from "@wildrydes/local/cognito/accounts";
import type { Endpoints } from "@wildrydes/local/stack";
import { uniqueEmail } from "@wildrydes/testing/rider-accounts";
import { addToGroup, adminCall } from "@wildrydes/testing/role-accounts";
import { expect, test } from "../fixtures";
import { expectNoViolations } from "../support/axe";

const temporary = "Temporary-Horn-1";
const chosen = "Chosen-Horn-2026";

/** As scripts/add-account.ts adds an account, with the temporary password given here instead of mailed. */
async function invite(endpoints: Endpoints, group: string, label: string): Promise<string> {
  const email = uniqueEmail(label);
  await adminCall(endpoints, "AdminCreateUser", {
    UserPoolId: endpoints.userPoolId,
    Username: email,
    TemporaryPassword: temporary,
    MessageAction: "SUPPRESS",
    UserAttributes: [
      { Name: "email", Value: email },
      { Name: "email_verified", Value: "true" },
    ],
  });
  await addToGroup(endpoints, email, group);
  return email;
}

async function signInWithTemporary(page: Page, email: string) {
  await page.goto("/signin/");
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByLabel("Password").fill(temporary);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const choosePassword = (page: Page) => page.getByRole("form", { name: "Choose your password" });
const rule = (page: Page, name: string) => page.getByRole("listitem").filter({ hasText: name });

test.describe.configure({ timeout: 120_000 });

test("an invited unicorn account chooses its password by keyboard at first sign-in and lands on its page", async ({
  page,
  endpoints,
}) => {
  const email = await invite(endpoints, groups.unicorns, "invited-crew");
  await signInWithTemporary(page, email);

  const form = choosePassword(page);
  await expect(form.getByRole("heading", { name: "Choose your password" })).toBeFocused();
  await expect(form).toContainText(`finish signing in as ${email}`);
  await expect(page).toHaveURL(/\/signin\/$/);
  await expectNoViolations(page, "/signin/ choosing a password");

  // From the heading, the next stop is the new password; the rules follow what is typed.
  await page.keyboard.press("Tab");
  const newPassword = form.getByLabel("New password", { exact: true });
  await expect(newPassword).toBeFocused();
  await page.keyboard.type("horn");
  await expect(rule(page, "At least 8 characters")).toContainText("(not yet)");
  await expect(rule(page, "A lowercase letter")).toContainText("(done)");
  await page.keyboard.press("Enter");
  await expect(newPassword).toHaveAccessibleDescription(/Your password still needs: at least 8 characters/);
  await expect(form.getByText("Repeat the password.")).toBeVisible();
  await expect(newPassword).toBeFocused();
  await expectNoViolations(page, "/signin/ choosing a password, with field errors");

  await newPassword.fill(chosen);
  for (const name of ["At least 8 characters", "An uppercase letter", "A number"]) {
    await expect(rule(page, name)).toContainText("(done)");
  }
  await page.keyboard.press("Tab");
  const confirm = form.getByLabel("Confirm new password");
  await expect(confirm).toBeFocused();
  await page.keyboard.type("Chosen-Horn-2025");
  await page.keyboard.press("Enter");
  await expect(form.getByText("The passwords don't match.")).toBeVisible();
  await expect(confirm).toBeFocused();
  await confirm.fill(chosen);
  await page.keyboard.press("Enter");

  // Where a crew's sign-in lands: its unicorn's page (this account flies none yet, and is told so).
  await expect(page).toHaveURL(/\/unicorn\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My unicorn");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/not linked to a unicorn/);
  await expect(page.getByRole("banner").getByText(email)).toBeVisible();

  // The chosen password is the account's now; the temporary one no longer signs in.
  const client = [endpoints.cognitoEndpoint, endpoints.userPoolClientId] as const;
  await expect(signIn(...client, email, chosen)).resolves.toHaveProperty("accessToken");
  await expect(signIn(...client, email, temporary)).rejects.toThrow(/NotAuthorized/);
});

test("an invited operator whose sign-in expired while choosing signs in again and lands on the operations page", async ({
  page,
  endpoints,
}) => {
  const email = await invite(endpoints, groups.operators, "invited-op");
  // The first answer comes too late, as Cognito says after its three minutes.
  let late = true;
  await page.route(
    (url) => url.pathname.startsWith("/cognito"),
    async (route) => {
      const request = route.request();
      const answering = request.headers()["x-amz-target"]?.endsWith(".RespondToAuthChallenge");
      if (!late || !answering || !request.postData()?.includes("NEW_PASSWORD_REQUIRED")) return route.fallback();
      late = false;
      await route.fulfill({
        status: 400,
        contentType: "application/x-amz-json-1.1",
        headers: { "x-amzn-errortype": "NotAuthorizedException" },
        body: JSON.stringify({
          __type: "NotAuthorizedException",
          message: "Invalid session for the user, session is expired.",
        }),
      });
    },
  );
  await signInWithTemporary(page, email);
  await choosePassword(page).getByLabel("New password", { exact: true }).fill(chosen);
  await choosePassword(page).getByLabel("Confirm new password").fill(chosen);
  await page.getByRole("button", { name: "Set password and sign in" }).click();

  // Back to the sign-in form, told why, at the password to type again.
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "Your sign-in expired before your new password was set. Sign in again with your temporary password.",
  );
  await expect(page.getByRole("textbox", { name: "Email" })).toHaveValue(email);
  await expect(page.getByLabel("Password")).toBeFocused();
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.keyboard.type(temporary);
  await page.keyboard.press("Enter");
  await expect(choosePassword(page).getByRole("heading", { name: "Choose your password" })).toBeFocused();
  await choosePassword(page).getByLabel("New password", { exact: true }).fill(chosen);
  await choosePassword(page).getByLabel("Confirm new password").fill(chosen);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page).toHaveURL(/\/ops\/$/);
  await expect(page.getByRole("banner").getByText(email)).toBeVisible();
});

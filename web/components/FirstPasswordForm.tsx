/**
 * The second step of an invited account's first sign-in (a crew's or an operator's, which an administrator made with
 * a temporary password: Cognito's NEW_PASSWORD_REQUIRED): it chooses its own password, with the policy's live
 * checklist as on the register page, and is signed in. Focus comes to the form's heading when it appears, so a
 * screen reader says at once what the page now asks.
 */
import { type FormEvent, useEffect, useRef, useState } from "react";
import { AuthProblem, chooseFirstPassword, type Rider } from "../lib/rider-auth";
import { messageOf, useField } from "./AccountFields";
import { FormAlert, SubmitButton } from "./Forms";
import { NewPasswordFields, newPasswordProblems } from "./NewPasswordFields";

export function FirstPasswordForm({
  email,
  onSignedIn,
  onRestart,
}: {
  /** The account signing in, as typed on the sign-in form. */
  email: string;
  /** The password is set and the account signed in: the page takes it where it starts. */
  onSignedIn: (account: Rider) => Promise<void>;
  /** Back to the sign-in form, with why (the sign-in expired) or without (the account chose to go back). */
  onRestart: (reason?: string) => void;
}) {
  const password = useField();
  const confirm = useField();
  const [problems, setProblems] = useState<{ password?: string; confirm?: string }>({});
  const [failure, setFailure] = useState("");
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found = newPasswordProblems(password.value, confirm.value);
    setProblems(found);
    setFailure("");
    if (found.password) return password.inputRef.current?.focus();
    if (found.confirm) return confirm.inputRef.current?.focus();

    setBusy(true);
    try {
      await onSignedIn(await chooseFirstPassword(email, password.value));
    } catch (error) {
      if (error instanceof AuthProblem && error.code === "SignInExpired") return onRestart(error.message);
      setFailure(messageOf(error));
      setBusy(false);
      // Cognito refused the password itself: the rules are under the field, which is where to start again.
      if (error instanceof AuthProblem && error.code === "InvalidPasswordException") password.inputRef.current?.focus();
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="first-password-title">
      <h2 id="first-password-title" tabIndex={-1} ref={heading}>
        Choose your password
      </h2>
      <p className="lead">
        Your account was set up with a temporary password. Choose your own to finish signing in as{" "}
        <strong>{email}</strong>: it's the one you'll use from now on.
      </p>
      <FormAlert>{failure}</FormAlert>
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordFields
        id="new-password"
        labels={["New password", "Confirm new password"]}
        password={{ ...password, error: problems.password }}
        confirm={{ ...confirm, error: problems.confirm }}
      />
      <div className="form-actions">
        <SubmitButton busy={busy}>Set password and sign in</SubmitButton>
        <button type="button" className="button button--quiet" onClick={() => onRestart()} disabled={busy}>
          Back to sign in
        </button>
      </div>
    </form>
  );
}

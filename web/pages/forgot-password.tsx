import { useRouter } from "next/router";
import { type FormEvent, useEffect, useState } from "react";
import {
  CodeField,
  codeProblem,
  EmailField,
  messageOf,
  useEmailFromQuery,
  useField,
} from "../components/AccountFields";
import { AccountPage } from "../components/AccountPage";
import { FormAlert, FormNotice, looksLikeEmail, SubmitButton } from "../components/Forms";
import { NewPasswordFields, newPasswordProblems } from "../components/NewPasswordFields";
import { confirmPasswordReset, normaliseEmail, requestPasswordReset } from "../lib/rider-auth";

interface Problems {
  email?: string;
  code?: string;
  password?: string;
  confirm?: string;
}

export default function ForgotPassword() {
  const router = useRouter();
  const [step, setStep] = useState<"request" | "reset">("request");
  const email = useEmailFromQuery();
  const code = useField();
  const password = useField();
  const confirm = useField();
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);

  // The code field exists only once the second step renders; take the rider straight to it.
  useEffect(() => {
    if (step === "reset") code.inputRef.current?.focus();
  }, [step, code.inputRef]);

  async function sendCode(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setFailure("");
    setNotice("");
    if (!looksLikeEmail(email.value)) {
      setProblems({ email: "Enter an email address like name@example.com." });
      email.inputRef.current?.focus();
      return;
    }
    setProblems({});
    setBusy(true);
    try {
      await requestPasswordReset(email.value);
      setStep("reset");
      setNotice(`If ${normaliseEmail(email.value)} has an account, we've sent it a code. Enter it below.`);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  async function setNewPassword(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: Problems = { code: codeProblem(code.value), ...newPasswordProblems(password.value, confirm.value) };
    setProblems(found);
    setFailure("");
    if (found.code) return code.inputRef.current?.focus();
    if (found.password) return password.inputRef.current?.focus();
    if (found.confirm) return confirm.inputRef.current?.focus();
    setBusy(true);
    try {
      await confirmPasswordReset(email.value, code.value, password.value);
      await router.push(`/signin/?email=${encodeURIComponent(normaliseEmail(email.value))}&reset=1`);
    } catch (error) {
      setFailure(messageOf(error));
      setBusy(false);
    }
  }

  return (
    <AccountPage
      title="Reset your password"
      elsewhere={{ question: "Remembered it?", href: "/signin/", link: "Sign in" }}
    >
      {step === "request" ? (
        <form onSubmit={sendCode} noValidate>
          <p className="lead">Enter your email and we'll send you a code to set a new password.</p>
          <FormAlert>{failure}</FormAlert>
          <EmailField autoComplete="username" {...email} error={problems.email} />
          <SubmitButton busy={busy}>Send reset code</SubmitButton>
        </form>
      ) : (
        <form onSubmit={setNewPassword} noValidate>
          {notice ? <FormNotice>{notice}</FormNotice> : null}
          <FormAlert>{failure}</FormAlert>
          <CodeField label="Reset code" {...code} error={problems.code} />
          <NewPasswordFields
            id="new-password"
            labels={["New password", "Confirm new password"]}
            password={{ ...password, error: problems.password }}
            confirm={{ ...confirm, error: problems.confirm }}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>Set new password</SubmitButton>
            <button type="button" className="button button--quiet" onClick={() => void sendCode()} disabled={busy}>
              Send a new code
            </button>
          </div>
        </form>
      )}
    </AccountPage>
  );
}

import { useRouter } from "next/router";
import { type FormEvent, useState } from "react";
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
import { normaliseEmail, resendVerificationCode, verifyEmail } from "../lib/rider-auth";

export default function Verify() {
  const router = useRouter();
  // The email arrives in the query string from the register page.
  const email = useEmailFromQuery();
  const code = useField();
  const [problems, setProblems] = useState<{ email?: string; code?: string }>({});
  const [failure, setFailure] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const [resending, setResending] = useState(false);

  function checkEmail(): boolean {
    if (looksLikeEmail(email.value)) return true;
    setProblems((p) => ({ ...p, email: "Enter the email address you registered with." }));
    email.inputRef.current?.focus();
    return false;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setProblems({});
    setFailure("");
    setNotice("");
    if (!checkEmail()) return;
    const badCode = codeProblem(code.value);
    if (badCode) {
      setProblems({ code: badCode });
      code.inputRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await verifyEmail(email.value, code.value);
      await router.push(`/signin/?email=${encodeURIComponent(normaliseEmail(email.value))}&verified=1`);
    } catch (error) {
      setFailure(messageOf(error));
      setBusy(false);
    }
  }

  async function onResend() {
    if (resending) return;
    setProblems({});
    setFailure("");
    setNotice("");
    if (!checkEmail()) return;
    setResending(true);
    try {
      await resendVerificationCode(email.value);
      setNotice(`We sent a new code to ${normaliseEmail(email.value)}.`);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setResending(false);
    }
  }

  return (
    <AccountPage
      title="Confirm your email"
      elsewhere={{ question: "Already confirmed?", href: "/signin/", link: "Sign in" }}
    >
      <p className="lead">We emailed you a verification code. Enter it below to finish creating your account.</p>
      <form onSubmit={onSubmit} noValidate>
        <FormAlert>{failure}</FormAlert>
        {notice ? <FormNotice>{notice}</FormNotice> : null}
        <EmailField autoComplete="email" {...email} error={problems.email} />
        <CodeField label="Verification code" {...code} error={problems.code} />
        <div className="form-actions">
          <SubmitButton busy={busy}>Confirm email</SubmitButton>
          <button type="button" className="button button--quiet" onClick={onResend} disabled={resending}>
            Resend code
          </button>
        </div>
      </form>
    </AccountPage>
  );
}

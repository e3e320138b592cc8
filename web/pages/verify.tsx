import { useRouter } from "next/router";
import { type FormEvent, useRef, useState } from "react";
import { CodeField, codeProblem, EmailField, messageOf, useEmailFromQuery } from "../components/AccountFields";
import { FormAlert, FormNotice, looksLikeEmail, SubmitButton } from "../components/Forms";
import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";
import { normaliseEmail, resendVerificationCode, verifyEmail } from "../lib/auth";

export default function Verify() {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [problems, setProblems] = useState<{ email?: string; code?: string }>({});
  const [failure, setFailure] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const [resending, setResending] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  // The email arrives in the query string from the register page.
  useEmailFromQuery(setEmail);

  function checkEmail(): boolean {
    if (looksLikeEmail(email)) return true;
    setProblems((p) => ({ ...p, email: "Enter the email address you registered with." }));
    emailRef.current?.focus();
    return false;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setProblems({});
    setFailure("");
    setNotice("");
    if (!checkEmail()) return;
    const badCode = codeProblem(code);
    if (badCode) {
      setProblems({ code: badCode });
      codeRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await verifyEmail(email, code);
      await router.push(`/signin/?email=${encodeURIComponent(normaliseEmail(email))}&verified=1`);
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
      await resendVerificationCode(email);
      setNotice(`We sent a new code to ${normaliseEmail(email)}.`);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setResending(false);
    }
  }

  return (
    <section className="panel panel--narrow">
      <PageTitle>Confirm your email</PageTitle>
      <h1>Confirm your email</h1>
      <p className="lead">We emailed you a verification code. Enter it below to finish creating your account.</p>
      <form onSubmit={onSubmit} noValidate>
        <FormAlert>{failure}</FormAlert>
        {notice ? <FormNotice>{notice}</FormNotice> : null}
        <EmailField
          autoComplete="email"
          value={email}
          onValueChange={setEmail}
          error={problems.email}
          inputRef={emailRef}
        />
        <CodeField
          label="Verification code"
          value={code}
          onValueChange={setCode}
          error={problems.code}
          inputRef={codeRef}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>Confirm email</SubmitButton>
          <button type="button" className="button button--quiet" onClick={onResend} disabled={resending}>
            Resend code
          </button>
        </div>
      </form>
      <p className="aside">
        Already confirmed? <PageLink href="/signin/">Sign in</PageLink>
      </p>
    </section>
  );
}

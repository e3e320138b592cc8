import { useRouter } from "next/router";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { CodeField, codeProblem, EmailField, messageOf, useEmailFromQuery } from "../components/AccountFields";
import { FormAlert, FormNotice, looksLikeEmail, SubmitButton } from "../components/Forms";
import { NewPasswordFields, newPasswordProblems } from "../components/NewPasswordFields";
import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";
import { confirmPasswordReset, normaliseEmail, requestPasswordReset } from "../lib/auth";

interface Problems {
  email?: string;
  code?: string;
  password?: string;
  confirm?: string;
}

export default function ForgotPassword() {
  const router = useRouter();
  const [step, setStep] = useState<"request" | "reset">("request");
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  useEmailFromQuery(setEmail);

  // The code field exists only once the second step renders; take the rider straight to it.
  useEffect(() => {
    if (step === "reset") codeRef.current?.focus();
  }, [step]);

  async function sendCode(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setFailure("");
    setNotice("");
    if (!looksLikeEmail(email)) {
      setProblems({ email: "Enter an email address like name@example.com." });
      emailRef.current?.focus();
      return;
    }
    setProblems({});
    setBusy(true);
    try {
      await requestPasswordReset(email);
      setStep("reset");
      setNotice(`If ${normaliseEmail(email)} has an account, we've sent it a code. Enter it below.`);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  async function setNewPassword(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: Problems = { code: codeProblem(code), ...newPasswordProblems(password, confirm) };
    setProblems(found);
    setFailure("");
    if (found.code) return codeRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();
    if (found.confirm) return confirmRef.current?.focus();
    setBusy(true);
    try {
      await confirmPasswordReset(email, code, password);
      await router.push(`/signin/?email=${encodeURIComponent(normaliseEmail(email))}&reset=1`);
    } catch (error) {
      setFailure(messageOf(error));
      setBusy(false);
    }
  }

  return (
    <section className="panel panel--narrow">
      <PageTitle>Reset your password</PageTitle>
      <h1>Reset your password</h1>
      {step === "request" ? (
        <form onSubmit={sendCode} noValidate>
          <p className="lead">Enter your email and we'll send you a code to set a new password.</p>
          <FormAlert>{failure}</FormAlert>
          <EmailField
            autoComplete="username"
            value={email}
            onValueChange={setEmail}
            error={problems.email}
            inputRef={emailRef}
          />
          <SubmitButton busy={busy}>Send reset code</SubmitButton>
        </form>
      ) : (
        <form onSubmit={setNewPassword} noValidate>
          {notice ? <FormNotice>{notice}</FormNotice> : null}
          <FormAlert>{failure}</FormAlert>
          <CodeField label="Reset code" value={code} onValueChange={setCode} error={problems.code} inputRef={codeRef} />
          <NewPasswordFields
            id="new-password"
            labels={["New password", "Confirm new password"]}
            password={{ value: password, onValueChange: setPassword, error: problems.password, inputRef: passwordRef }}
            confirm={{ value: confirm, onValueChange: setConfirm, error: problems.confirm, inputRef: confirmRef }}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>Set new password</SubmitButton>
            <button type="button" className="button button--quiet" onClick={() => void sendCode()} disabled={busy}>
              Send a new code
            </button>
          </div>
        </form>
      )}
      <p className="aside">
        Remembered it? <PageLink href="/signin/">Sign in</PageLink>
      </p>
    </section>
  );
}

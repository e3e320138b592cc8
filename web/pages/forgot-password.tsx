import Link from "next/link";
import { useRouter } from "next/router";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { FormAlert, FormNotice, looksLikeEmail, SubmitButton, TextField } from "../components/Forms";
import { PageTitle } from "../components/PageTitle";
import { PasswordRules } from "../components/PasswordRules";
import { AuthProblem, confirmPasswordReset, normaliseEmail, requestPasswordReset } from "../lib/auth";
import { queryValue } from "../lib/navigation";
import { unmetPasswordRules } from "../lib/password";

function messageOf(error: unknown): string {
  return error instanceof AuthProblem ? error.message : "Something went wrong. Please try again.";
}

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

  useEffect(() => {
    if (!router.isReady) return;
    const fromQuery = queryValue(router.query.email);
    if (fromQuery) setEmail(fromQuery);
  }, [router.isReady, router.query.email]);

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
    const found: Problems = {};
    if (!/^\s*\S+\s*$/.test(code)) found.code = "Enter the code from your email.";
    const unmet = unmetPasswordRules(password);
    if (unmet.length > 0)
      found.password = `Your password still needs: ${unmet.map((r) => r.label.toLowerCase()).join(", ")}.`;
    if (confirm !== password || !confirm) found.confirm = "The two passwords don't match.";
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
          <TextField
            id="email"
            label="Email"
            type="email"
            autoComplete="username"
            inputMode="email"
            required
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
          <TextField
            id="code"
            label="Reset code"
            autoComplete="one-time-code"
            inputMode="numeric"
            required
            value={code}
            onValueChange={setCode}
            error={problems.code}
            inputRef={codeRef}
          />
          <TextField
            id="new-password"
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onValueChange={setPassword}
            error={problems.password}
            describedBy={["password-rules"]}
            inputRef={passwordRef}
          />
          <PasswordRules id="password-rules" password={password} />
          <TextField
            id="confirm-password"
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onValueChange={setConfirm}
            error={problems.confirm}
            inputRef={confirmRef}
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
        Remembered it? <Link href="/signin/">Sign in</Link>
      </p>
    </section>
  );
}

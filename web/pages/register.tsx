import Link from "next/link";
import { useRouter } from "next/router";
import { type FormEvent, useRef, useState } from "react";
import { FormAlert, looksLikeEmail, SubmitButton, TextField } from "../components/Forms";
import { PageTitle } from "../components/PageTitle";
import { PasswordRules } from "../components/PasswordRules";
import { AuthProblem, normaliseEmail, registerRider } from "../lib/auth";
import { unmetPasswordRules } from "../lib/password";

interface Problems {
  email?: string;
  password?: string;
  confirm?: string;
}

export default function Register() {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: Problems = {};
    if (!looksLikeEmail(email)) found.email = "Enter an email address like name@example.com.";
    const unmet = unmetPasswordRules(password);
    if (unmet.length > 0)
      found.password = `Your password still needs: ${unmet.map((r) => r.label.toLowerCase()).join(", ")}.`;
    if (confirm !== password || !confirm) found.confirm = "The two passwords don't match.";
    setProblems(found);
    setFailure(null);
    if (found.email) return emailRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();
    if (found.confirm) return confirmRef.current?.focus();

    setBusy(true);
    try {
      const outcome = await registerRider(email, password);
      const query = `?email=${encodeURIComponent(normaliseEmail(email))}`;
      await router.push(outcome.status === "needsVerification" ? `/verify/${query}` : `/signin/${query}`);
    } catch (error) {
      const problem = error instanceof AuthProblem ? error : new AuthProblem("Unknown", "Something went wrong.");
      setFailure({ code: problem.code, message: problem.message });
      setBusy(false);
    }
  }

  return (
    <section className="panel panel--narrow">
      <PageTitle>Create your account</PageTitle>
      <h1>Create your account</h1>
      <p className="lead">One account, every unicorn in Seattle.</p>
      <form onSubmit={onSubmit} noValidate>
        <FormAlert>
          {failure ? (
            <>
              {failure.message}{" "}
              {failure.code === "UsernameExistsException" ? (
                <Link href={`/signin/?email=${encodeURIComponent(normaliseEmail(email))}`}>Go to sign in</Link>
              ) : null}
            </>
          ) : null}
        </FormAlert>
        <TextField
          id="email"
          label="Email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          value={email}
          onValueChange={setEmail}
          error={problems.email}
          inputRef={emailRef}
        />
        <TextField
          id="password"
          label="Password"
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
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onValueChange={setConfirm}
          error={problems.confirm}
          inputRef={confirmRef}
        />
        <SubmitButton busy={busy}>Create account</SubmitButton>
      </form>
      <p className="aside">
        Already have an account? <Link href="/signin/">Sign in</Link>
      </p>
    </section>
  );
}

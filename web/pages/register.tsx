import { useRouter } from "next/router";
import { type FormEvent, useRef, useState } from "react";
import { EmailField, emailProblem } from "../components/AccountFields";
import { FormAlert, SubmitButton } from "../components/Forms";
import { NewPasswordFields, newPasswordProblems } from "../components/NewPasswordFields";
import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";
import { AuthProblem, normaliseEmail, registerRider } from "../lib/auth";

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
    const found: Problems = {
      email: emailProblem(email),
      ...newPasswordProblems(password, confirm),
    };
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
                <PageLink href={`/signin/?email=${encodeURIComponent(normaliseEmail(email))}`}>Go to sign in</PageLink>
              ) : null}
            </>
          ) : null}
        </FormAlert>
        <EmailField
          autoComplete="email"
          value={email}
          onValueChange={setEmail}
          error={problems.email}
          inputRef={emailRef}
        />
        <NewPasswordFields
          id="password"
          labels={["Password", "Confirm password"]}
          password={{ value: password, onValueChange: setPassword, error: problems.password, inputRef: passwordRef }}
          confirm={{ value: confirm, onValueChange: setConfirm, error: problems.confirm, inputRef: confirmRef }}
        />
        <SubmitButton busy={busy}>Create account</SubmitButton>
      </form>
      <p className="aside">
        Already have an account? <PageLink href="/signin/">Sign in</PageLink>
      </p>
    </section>
  );
}

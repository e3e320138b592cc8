import { useRouter } from "next/router";
import { type FormEvent, useState } from "react";
import { EmailField, emailProblem, useField } from "../components/AccountFields";
import { AccountPage } from "../components/AccountPage";
import { FormAlert, SubmitButton } from "../components/Forms";
import { NewPasswordFields, newPasswordProblems } from "../components/NewPasswordFields";
import { PageLink } from "../components/PageLink";
import { AuthProblem, normaliseEmail, registerRider } from "../lib/rider-auth";

interface Problems {
  email?: string;
  password?: string;
  confirm?: string;
}

export default function Register() {
  const router = useRouter();
  const email = useField();
  const password = useField();
  const confirm = useField();
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: Problems = {
      email: emailProblem(email.value),
      ...newPasswordProblems(password.value, confirm.value),
    };
    setProblems(found);
    setFailure(null);
    if (found.email) return email.inputRef.current?.focus();
    if (found.password) return password.inputRef.current?.focus();
    if (found.confirm) return confirm.inputRef.current?.focus();

    setBusy(true);
    try {
      const outcome = await registerRider(email.value, password.value);
      const query = `?email=${encodeURIComponent(normaliseEmail(email.value))}`;
      await router.push(outcome.status === "needsVerification" ? `/verify/${query}` : `/signin/${query}`);
    } catch (error) {
      const problem = error instanceof AuthProblem ? error : new AuthProblem("Unknown", "Something went wrong.");
      setFailure({ code: problem.code, message: problem.message });
      setBusy(false);
    }
  }

  return (
    <AccountPage
      title="Create your account"
      elsewhere={{ question: "Already have an account?", href: "/signin/", link: "Sign in" }}
    >
      <p className="lead">One account, every unicorn in Seattle.</p>
      <form onSubmit={onSubmit} noValidate>
        <FormAlert>
          {failure ? (
            <>
              {failure.message}{" "}
              {failure.code === "UsernameExistsException" ? (
                <PageLink href={`/signin/?email=${encodeURIComponent(normaliseEmail(email.value))}`}>
                  Go to sign in
                </PageLink>
              ) : null}
            </>
          ) : null}
        </FormAlert>
        <EmailField autoComplete="email" {...email} error={problems.email} />
        <NewPasswordFields
          id="password"
          labels={["Password", "Confirm password"]}
          password={{ ...password, error: problems.password }}
          confirm={{ ...confirm, error: problems.confirm }}
        />
        <SubmitButton busy={busy}>Create account</SubmitButton>
      </form>
    </AccountPage>
  );
}

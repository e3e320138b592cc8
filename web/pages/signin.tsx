import { useRouter } from "next/router";
import { type FormEvent, useEffect, useState } from "react";
import { EmailField, messageOf, useEmailFromQuery, useField } from "../components/AccountFields";
import { AccountPage } from "../components/AccountPage";
import { FirstPasswordForm } from "../components/FirstPasswordForm";
import { FormAlert, FormNotice, looksLikeEmail, SubmitButton, TextField } from "../components/Forms";
import { PageLink } from "../components/PageLink";
import { queryValue, safeNext } from "../lib/navigation";
import { homeOf, normaliseEmail, type Rider, signInRider } from "../lib/rider-auth";
import { useSession } from "../lib/session";

const elsewhere = { question: "New to Wild Rydes?", href: "/register/", link: "Create an account" };

export default function SignIn() {
  const router = useRouter();
  const session = useSession();
  const email = useEmailFromQuery();
  const password = useField();
  const [problems, setProblems] = useState<{ email?: string; password?: string }>({});
  const [failure, setFailure] = useState("");
  const [busy, setBusy] = useState(false);
  // An account an administrator made signs in first with its temporary password, then chooses its own.
  const [step, setStep] = useState<"signIn" | "choosePassword">("signIn");
  const [restarts, setRestarts] = useState(0);

  // Back from choosing a password: the temporary one is asked for again.
  useEffect(() => {
    if (restarts > 0) password.inputRef.current?.focus();
  }, [restarts, password.inputRef]);

  const verified = router.isReady && queryValue(router.query.verified) === "1";
  const reset = router.isReady && queryValue(router.query.reset) === "1";
  const expired = router.isReady && queryValue(router.query.expired) === "1";
  // Where to go after signing in: the page that sent the account here, else its home (a crew's is its unicorn's page).
  const asked = router.isReady ? queryValue(router.query.next) : undefined;
  const next = safeNext(asked, session.state.status === "signedIn" ? homeOf(session.state.rider) : undefined);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: { email?: string; password?: string } = {};
    if (!looksLikeEmail(email.value)) found.email = "Enter an email address like name@example.com.";
    if (!password.value) found.password = "Enter your password.";
    setProblems(found);
    setFailure("");
    if (found.email) return email.inputRef.current?.focus();
    if (found.password) return password.inputRef.current?.focus();

    setBusy(true);
    try {
      const outcome = await signInRider(email.value, password.value);
      if (outcome.status === "needsVerification") {
        await router.push(`/verify/?email=${encodeURIComponent(normaliseEmail(email.value))}`);
        return;
      }
      if (outcome.status === "needsNewPassword") {
        password.onValueChange("");
        setStep("choosePassword");
        setBusy(false);
        return;
      }
      await enter(outcome.rider);
    } catch (error) {
      setFailure(messageOf(error));
      setBusy(false);
    }
  }

  /** Signed in: where the page that sent the account here asked, else where its role starts. */
  async function enter(account: Rider) {
    setBusy(true);
    session.signedIn(account);
    await router.replace(safeNext(asked, homeOf(account)));
  }

  function restart(reason = "") {
    setStep("signIn");
    setFailure(reason);
    setRestarts((n) => n + 1);
  }

  if (step === "choosePassword") {
    return (
      <AccountPage title="Sign in" elsewhere={elsewhere}>
        <FirstPasswordForm email={normaliseEmail(email.value)} onSignedIn={enter} onRestart={restart} />
      </AccountPage>
    );
  }

  return (
    <AccountPage title="Sign in" elsewhere={elsewhere}>
      {session.state.status === "signedIn" && !busy ? (
        <FormNotice>
          You're signed in as {session.state.rider.email}. <PageLink href={next}>Continue</PageLink>
        </FormNotice>
      ) : null}
      {verified ? <FormNotice>Your email is confirmed. Sign in to start riding.</FormNotice> : null}
      {reset ? <FormNotice>Your password has been changed. Sign in with your new password.</FormNotice> : null}
      {expired && session.state.status !== "signedIn" ? (
        <div className="alert alert--info" role="alert">
          Your session has ended. Please sign in again to carry on.
        </div>
      ) : null}
      <form onSubmit={onSubmit} noValidate>
        <FormAlert>{failure}</FormAlert>
        <EmailField autoComplete="username" {...email} error={problems.email} />
        <TextField
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          {...password}
          error={problems.password}
        />
        <div className="form-actions form-actions--spread">
          <SubmitButton busy={busy}>Sign in</SubmitButton>
          <PageLink
            href={`/forgot-password/${looksLikeEmail(email.value) ? `?email=${encodeURIComponent(email.value)}` : ""}`}
          >
            Forgot your password?
          </PageLink>
        </div>
      </form>
    </AccountPage>
  );
}

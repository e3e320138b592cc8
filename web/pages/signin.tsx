import { useRouter } from "next/router";
import { type FormEvent, useRef, useState } from "react";
import { EmailField, messageOf, useEmailFromQuery } from "../components/AccountFields";
import { FormAlert, FormNotice, looksLikeEmail, SubmitButton, TextField } from "../components/Forms";
import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";
import { normaliseEmail, signInRider } from "../lib/auth";
import { queryValue, safeNext } from "../lib/navigation";
import { useSession } from "../lib/session";

export default function SignIn() {
  const router = useRouter();
  const session = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problems, setProblems] = useState<{ email?: string; password?: string }>({});
  const [failure, setFailure] = useState("");
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const verified = router.isReady && queryValue(router.query.verified) === "1";
  const reset = router.isReady && queryValue(router.query.reset) === "1";
  const expired = router.isReady && queryValue(router.query.expired) === "1";
  const next = safeNext(router.isReady ? queryValue(router.query.next) : undefined);

  useEmailFromQuery(setEmail);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: { email?: string; password?: string } = {};
    if (!looksLikeEmail(email)) found.email = "Enter an email address like name@example.com.";
    if (!password) found.password = "Enter your password.";
    setProblems(found);
    setFailure("");
    if (found.email) return emailRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();

    setBusy(true);
    try {
      const outcome = await signInRider(email, password);
      if (outcome.status === "needsVerification") {
        await router.push(`/verify/?email=${encodeURIComponent(normaliseEmail(email))}`);
        return;
      }
      session.signedIn(outcome.rider);
      await router.replace(next);
    } catch (error) {
      setFailure(messageOf(error));
      setBusy(false);
    }
  }

  return (
    <section className="panel panel--narrow">
      <PageTitle>Sign in</PageTitle>
      <h1>Sign in</h1>
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
        <EmailField
          autoComplete="username"
          value={email}
          onValueChange={setEmail}
          error={problems.email}
          inputRef={emailRef}
        />
        <TextField
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onValueChange={setPassword}
          error={problems.password}
          inputRef={passwordRef}
        />
        <div className="form-actions form-actions--spread">
          <SubmitButton busy={busy}>Sign in</SubmitButton>
          <PageLink href={`/forgot-password/${looksLikeEmail(email) ? `?email=${encodeURIComponent(email)}` : ""}`}>
            Forgot your password?
          </PageLink>
        </div>
      </form>
      <p className="aside">
        New to Wild Rydes? <PageLink href="/register/">Create an account</PageLink>
      </p>
    </section>
  );
}

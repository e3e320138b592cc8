/** The fields the account pages share (sign in, register, verify, reset), so each is spelled and checked once. */
import { useRouter } from "next/router";
import { type Ref, useEffect } from "react";
import { AuthProblem } from "../lib/auth";
import { queryValue } from "../lib/navigation";
import { looksLikeEmail, TextField } from "./Forms";

export interface FieldProps {
  value: string;
  onValueChange: (value: string) => void;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
}

/** `autoComplete`: "username" where the rider signs in with it, "email" where the account is being made. */
export function EmailField(props: FieldProps & { autoComplete: "username" | "email" }) {
  return <TextField id="email" label="Email" type="email" inputMode="email" required {...props} />;
}

export function emailProblem(email: string): string | undefined {
  if (!email.trim()) return "Enter your email address.";
  return looksLikeEmail(email) ? undefined : "Enter an email address like name@example.com.";
}

export function CodeField(props: FieldProps & { label: string }) {
  return <TextField id="code" autoComplete="one-time-code" inputMode="numeric" required {...props} />;
}

export function codeProblem(code: string): string | undefined {
  return /^\s*\S+\s*$/.test(code) ? undefined : "Enter the code from your email.";
}

/** Fills the email from `?email=`, which a static page can only read once the router is ready. */
export function useEmailFromQuery(setEmail: (email: string) => void): void {
  const router = useRouter();
  useEffect(() => {
    if (!router.isReady) return;
    const fromQuery = queryValue(router.query.email);
    if (fromQuery) setEmail(fromQuery);
  }, [router.isReady, router.query.email, setEmail]);
}

export function messageOf(error: unknown): string {
  return error instanceof AuthProblem ? error.message : "Something went wrong. Please try again.";
}

/** The fields the account pages share (sign in, register, verify, reset), so each is spelled and checked once. */
import { useRouter } from "next/router";
import { type Ref, type RefObject, useEffect, useRef, useState } from "react";
import { queryValue } from "../lib/navigation";
import { AuthProblem } from "../lib/rider-auth";
import { looksLikeEmail, TextField } from "./Forms";

export interface FieldProps {
  value: string;
  onValueChange: (value: string) => void;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
}

/** A field's state in a form: what the rider typed, and the input, to focus when the field has a problem. */
export interface Field extends Omit<FieldProps, "error" | "inputRef"> {
  inputRef: RefObject<HTMLInputElement | null>;
}

/** A field's state, to spread on the field with its error: `<EmailField {...email} error={problems.email} />`. */
export function useField(): Field {
  const [value, setValue] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  return { value, onValueChange: setValue, inputRef };
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

/** The email field, filled from `?email=` (which a static page can only read once the router is ready). */
export function useEmailFromQuery(): Field {
  const email = useField();
  const setEmail = email.onValueChange;
  const router = useRouter();
  useEffect(() => {
    if (!router.isReady) return;
    const fromQuery = queryValue(router.query.email);
    if (fromQuery) setEmail(fromQuery);
  }, [router.isReady, router.query.email, setEmail]);
  return email;
}

export function messageOf(error: unknown): string {
  return error instanceof AuthProblem ? error.message : "Something went wrong. Please try again.";
}

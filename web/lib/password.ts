/** The password rules riders see as they type, derived from the one policy the Cognito pool enforces. */
import { passwordPolicy } from "../../core/src/password-policy";

export interface PasswordRule {
  id: string;
  label: string;
  isMet: (password: string) => boolean;
}

export const passwordRules: PasswordRule[] = [
  {
    id: "length",
    label: `At least ${passwordPolicy.minimumLength} characters`,
    isMet: (p: string) => p.length >= passwordPolicy.minimumLength,
  },
  ...(passwordPolicy.requireLowercase
    ? [{ id: "lowercase", label: "A lowercase letter", isMet: (p: string) => /[a-z]/.test(p) }]
    : []),
  ...(passwordPolicy.requireUppercase
    ? [{ id: "uppercase", label: "An uppercase letter", isMet: (p: string) => /[A-Z]/.test(p) }]
    : []),
  ...(passwordPolicy.requireNumbers ? [{ id: "number", label: "A number", isMet: (p: string) => /\d/.test(p) }] : []),
  ...(passwordPolicy.requireSymbols
    ? [{ id: "symbol", label: "A symbol, such as ! or #", isMet: (p: string) => /[^A-Za-z0-9\s]/.test(p) }]
    : []),
];

export function unmetPasswordRules(password: string): PasswordRule[] {
  return passwordRules.filter((rule) => !rule.isMet(password));
}

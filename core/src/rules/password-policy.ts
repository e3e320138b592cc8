/**
 * The riders' password policy, defined once: the Cognito pool (cloud and local) enforces it, the local Cognito proxy
 * checks it with Cognito's wording, and the web app shows it as a checklist. Browser-safe: no imports.
 */
export const passwordPolicy = {
  minimumLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: false,
} as const;

export interface PasswordRule {
  id: string;
  /** What the rider reads in the checklist. */
  label: string;
  /** What Cognito answers when the rule is not met, after "Password did not conform with policy: ". */
  cognitoMessage: string;
  isMet: (password: string) => boolean;
}

/** The characters Cognito counts as symbols. */
const symbols = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/;

const allRules: (PasswordRule & { required: boolean })[] = [
  {
    id: "length",
    required: true,
    label: `At least ${passwordPolicy.minimumLength} characters`,
    cognitoMessage: "Password not long enough",
    isMet: (p) => p.length >= passwordPolicy.minimumLength,
  },
  {
    id: "lowercase",
    required: passwordPolicy.requireLowercase,
    label: "A lowercase letter",
    cognitoMessage: "Password must have lowercase characters",
    isMet: (p) => /[a-z]/.test(p),
  },
  {
    id: "uppercase",
    required: passwordPolicy.requireUppercase,
    label: "An uppercase letter",
    cognitoMessage: "Password must have uppercase characters",
    isMet: (p) => /[A-Z]/.test(p),
  },
  {
    id: "number",
    required: passwordPolicy.requireNumbers,
    label: "A number",
    cognitoMessage: "Password must have numeric characters",
    isMet: (p) => /[0-9]/.test(p),
  },
  {
    id: "symbol",
    required: passwordPolicy.requireSymbols,
    label: "A symbol, such as ! or #",
    cognitoMessage: "Password must have symbol characters",
    isMet: (p) => symbols.test(p),
  },
];

/** The rules the policy turns on, in the order Cognito checks them. */
export const passwordRules: readonly PasswordRule[] = allRules
  .filter((rule) => rule.required)
  .map(({ required: _, ...rule }) => rule);

export function unmetPasswordRules(password: string): PasswordRule[] {
  return passwordRules.filter((rule) => !rule.isMet(password));
}
